// What a numerical factorization owns.
#pragma once

#include <tbb/task_arena.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/allocation.hpp"
#include "lupine/solver.hpp"
#include "numeric/front.hpp"
#include "symbolic/symbolic_data.hpp"

namespace lupine::detail {

/// L and U of one diagonal block factored by the column path, in the block's pivoted local
/// numbering. The unit diagonal of L is implicit; the diagonal of U lives in
/// NumericData::diagonal. The rows of each U column are kept in the topological order in
/// which factorization visited them, which is a valid update order for refactorization.
template <class Scalar, class Index>
struct ColumnFactor {
  std::vector<Index> L_col_ptr;
  UninitializedVector<Index> L_rows;
  UninitializedVector<Scalar> L_values;
  std::vector<Index> U_col_ptr;
  UninitializedVector<Index> U_rows;
  UninitializedVector<Scalar> U_values;
  /// Multiply-adds and divisions of the block, known from its pattern: a refactorization,
  /// which keeps the pattern, reports this instead of counting again.
  double flops = 0;
  /// Columns [order - dense_tail, order) were eliminated as one dense front (BlockPlan::
  /// dense_tail; 0 when the block has none or its front could not be completed). Their L and
  /// U columns are stored like the others (dense, explicit zeros kept); the front's storage
  /// stays for refactorization: tail_front (dense_tail² scalars, column-major), the front's
  /// rows (local rows in pivot order) and columns, its scratch, and per tail column the
  /// largest |entry| of A and of its U part above the tail, for the pivot growth.
  Index dense_tail = 0;
  UninitializedVector<Scalar> tail_front;
  UninitializedVector<Index> tail_rows;
  UninitializedVector<Index> tail_cols;
  UninitializedVector<Scalar> tail_scratch;
  UninitializedVector<Scalar> tail_before_pivoting;  // the front as gathered, for the replay
  UninitializedVector<real_type_t<Scalar>> tail_column_max;  // 2 per column: |A|, |U above|
};

/// LAPACK getrf factors of a dense diagonal block. Its row pivoting stays local to the
/// block (`perm[k]` = pre-pivot local row at position k), so a refactorization may pivot
/// differently without changing anything outside the block.
template <class Scalar, class Index>
struct DenseFactor {
  LargeVector<Scalar> lu;
  std::vector<int> lapack_pivots;
  std::vector<Index> perm;
  std::vector<real_type_t<Scalar>> column_max;  // max |scaled A(:,k)|, for pivot growth
};

/// One front of the supernodal path after its partial factorization, in block-local
/// numbering (the analysis order of the block, before pivoting).
template <class Scalar, class Index>
struct FrontFactor {
  Index order = 0;         // m: own columns + delayed columns received + structure
  Index fully_summed = 0;  // own columns + delayed columns received
  Index eliminated = 0;    // pivots taken here; the other fully summed ones went to the parent
  Index delayed_in = 0;
  Index* rows = nullptr;    // m row indices: the pivot rows in pivot order, delayed, structure
  Index* cols = nullptr;    // m column indices, likewise
  Scalar* panel = nullptr;  // m x eliminated: L11\U11 over L21, leading dimension m
  Scalar* upper = nullptr;  // eliminated x (m - eliminated): U12, leading dimension eliminated
};

/// Storage of a front whose factor outgrew the slot the analysis predicted for it (delayed
/// pivots make fronts larger).
template <class Scalar, class Index>
struct FrontOverflow {
  std::vector<Index> indices;
  std::vector<Scalar> values;
};

/// The factors of a block on the supernodal path: P_b B Q_b = L U with the block's own row
/// and column permutations (delayed pivots move columns), like a dense block's local pivots.
template <class Scalar, class Index>
struct SupernodalFactor {
  std::vector<FrontFactor<Scalar, Index>> fronts;
  /// Slots sized by the analysis: 2 m index entries per front (rows, then columns) and the
  /// predicted factor entries (SupernodalStructure::factor_offset).
  std::vector<std::int64_t> index_offset;
  UninitializedVector<Index> indices;
  UninitializedVector<Scalar> values;
  std::vector<std::unique_ptr<FrontOverflow<Scalar, Index>>> overflow;
  /// Pivot k of the block eliminates row pivot_rows[k] and column pivot_cols[k].
  std::vector<Index> pivot_rows;
  std::vector<Index> pivot_cols;
  std::int64_t delayed = 0;  // columns passed to a parent front, summed over the fronts
  std::int64_t largest_front = 0;

  /// Sweep state, sized once so that a refactorization allocates nothing: each finished
  /// front's contribution block until its parent assembles it, per-front outcomes (merged in
  /// front order, so statistics do not depend on scheduling), and the front position of each
  /// fully summed row and column index (the fronts being factored at the same time have
  /// disjoint fully summed indices, so one array serves all threads).
  struct Contribution {
    Scalar* data = nullptr;
    std::int64_t dimension = 0;  // the block is dimension x dimension, leading dimension too
  };
  std::vector<Contribution> contributions;
  /// Working memory, kept between factorizations: one ThreadSpace per worker of the arena
  /// (a thread works on one front at a time: nested parallel loops run isolated), the
  /// contribution space of SupernodalStructure::contribution_offset, and the blocks that
  /// delayed pivots made larger than their place there. A pivoting factorization grows them
  /// as needed and leaves every thread's space as large as the largest need of any thread,
  /// so a refactorization allocates nothing, whichever thread runs which front.
  struct ThreadSpace {
    UninitializedVector<Scalar> front;  // a front's columns past the fully summed ones
    UninitializedVector<Scalar> stack;  // a subtree task's stack
    UninitializedVector<Scalar> copy;   // a contribution block with delayed columns, in transit
  };
  std::vector<ThreadSpace> thread_space;
  UninitializedVector<Scalar> contribution_space;
  std::vector<UninitializedVector<Scalar>> contribution_overflow;
  std::int64_t working_scalars = 0;  // all of the above
  std::vector<std::int64_t> stack_offset;
  std::vector<FrontOutcome> outcomes;
  std::vector<Index> row_position;
  std::vector<Index> col_position;
  /// max |entry| of each column of the scaled block, for the pivot growth.
  std::vector<double> column_max;
};

template <class Scalar, class Index>
struct BlockFactor {
  /// The path actually used: a dense block that turned out singular is refactored by the
  /// column path when pivot perturbation is on, and so is a supernodal block whose root front
  /// could not be completed.
  FactorPath path = FactorPath::column;
  ColumnFactor<Scalar, Index> column;
  /// Made only for the blocks that take these paths (dense_factor(), supernodal_factor()):
  /// a fresh factorization builds one BlockFactor per BTF block, and most blocks of a circuit
  /// are singletons or column blocks (bjt_amp_6x60: 182 blocks, 816 bytes each when these
  /// were held in place).
  std::unique_ptr<DenseFactor<Scalar, Index>> dense;
  std::unique_ptr<SupernodalFactor<Scalar, Index>> supernodal;

  DenseFactor<Scalar, Index>& dense_factor() {
    if (!dense) dense = std::make_unique<DenseFactor<Scalar, Index>>();
    return *dense;
  }
  SupernodalFactor<Scalar, Index>& supernodal_factor() {
    if (!supernodal) supernodal = std::make_unique<SupernodalFactor<Scalar, Index>>();
    return *supernodal;
  }
};

/// Scratch of block factorizations, sized for the largest block and reused across blocks.
template <class Scalar, class Index>
struct ColumnWorkspace {
  explicit ColumnWorkspace(Index size = 0) { resize(size); }
  void resize(Index size) {
    const std::size_t length = static_cast<std::size_t>(size);
    x.assign(length, Scalar{0});
    reach.resize(length);
    stack.resize(length);
    next_child.resize(length);
    visited.assign(length, -1);
    pruned_length.resize(length);
  }

  std::vector<Scalar> x;             // dense accumulator, indexed by pre-pivot local row
  std::vector<Index> reach;          // reach[top..size): rows of the column, topological order
  std::vector<Index> stack;          // depth-first search stack
  std::vector<Index> next_child;     // DFS resume position in the L column of a node
  std::vector<Index> visited;        // visited[i] == k: row i seen while computing column k
  std::vector<Index> pruned_length;  // -1, or how much of L(:,j) the search must scan
};

/// What refactoring a run of columns found: merged over tasks with max and min, so the
/// result does not depend on which task did which column.
struct ColumnRun {
  double growth = 1;
  double smallest_pivot_ratio = 1;
};

/// Scratch of a parallel column-path refactorization, sized by the pivoting factorization so
/// that a refactorization allocates nothing: per task a work vector (zero between uses) and
/// a result, per column a done flag.
template <class Scalar>
struct ParallelRefactorSpace {
  int tasks = 0;
  std::size_t order = 0;
  std::vector<Scalar> work;
  std::vector<ColumnRun> runs;
  std::unique_ptr<std::atomic<unsigned char>[]> done;

  void resize(int task_count, std::size_t column_count) {
    if (task_count == tasks && column_count <= order) return;
    tasks = task_count;
    order = column_count;
    work.assign(static_cast<std::size_t>(tasks) * order, Scalar{0});
    runs.assign(static_cast<std::size_t>(tasks), ColumnRun{});
    done = std::make_unique<std::atomic<unsigned char>[]>(order);
  }
};

/// Per-block results gathered after a (possibly parallel) sweep, merged in block order so
/// statistics and the reported error do not depend on scheduling.
struct BlockOutcome {
  double flops = 0;
  std::int64_t off_diagonal_pivots = 0;
  std::int64_t perturbed_pivots = 0;
  double growth = 1;
  /// Column path: min over the pivots of |u_kk| / max |column k after its update|.
  double smallest_pivot_ratio = 1;
  std::int64_t delayed_pivots = 0;
  std::int64_t presumed_pivot_columns = 0;
  std::int64_t singular_column = -1;  // local column with no acceptable pivot
  bool non_finite = false;            // the singular column met a NaN/Inf, not a zero
};

template <class Scalar, class Index>
struct NumericData {
  using Real = real_type_t<Scalar>;

  Symbolic<Index> symbolic;
  Options options;
  Stats stats;

  // The arrays of n entries below are not zeroed when a Numeric is made (4% of the
  // instructions of a fresh factorization of nand_adder_64 went into zeroing them): every
  // factorization writes them in full before anything reads them. `diagonal` is the exception:
  // dense and supernodal blocks leave their part of it unwritten.
  UninitializedVector<Scalar> values;   // A's values of the last factor/refactor (for refinement)
  UninitializedVector<Real> row_scale;  // multiplier of each row of A
  UninitializedVector<Real> permuted_row_scale;  // row_scale[row_perm[k]], by permuted row
  UninitializedVector<Real> pivoted_row_scale;   // row_scale[pivot_row_perm[k]], by pivoted row
  /// The range of row_scale, for refactor's test of whether the scaling can be kept.
  Real smallest_row_scale = 1;
  Real largest_row_scale = 1;

  /// pivot_position[k]: where pre-pivot permuted row k ended up after pivoting within its
  /// block (identity for singleton and dense blocks).
  UninitializedVector<Index> pivot_position;
  UninitializedVector<Index> local_pivot_position;  // the same, relative to the block start
  /// Row k of the pivoted matrix is row pivot_row_perm[k] of A (dense blocks: pre-pivot).
  UninitializedVector<Index> pivot_row_perm;

  /// Stats::pivot_growth of the last pivoting factorization: what refactor's growth check
  /// compares against.
  double pivoting_growth = 1;
  /// False after a factor()/refactor() that threw: the arrays hold a partial factorization.
  bool factored = false;

  std::vector<Scalar> diagonal;  // U's diagonal for singleton and column blocks
  /// 1 / diagonal, for the solves: a multiplication instead of a division in the chain of
  /// dependent steps of every triangular solve (set after each successful factorization).
  UninitializedVector<Scalar> inverse_diagonal;
  std::vector<BlockFactor<Scalar, Index>> blocks;

  /// Off-diagonal block entries by permuted column, rows in pivoted numbering; the pattern is
  /// the symbolic one (off_col_ptr).
  UninitializedVector<Index> off_rows;
  UninitializedVector<Scalar> off_values;

  /// The values with a diagonal shift added (RefactorOptions), sized on first use.
  UninitializedVector<Scalar> shifted_values;
  /// Refactorization scratch, sized once: dense work vector of the largest block, and the
  /// scratch of parallel column-path refactorizations (sized when threads > 1).
  std::vector<Scalar> refactor_work;
  ParallelRefactorSpace<Scalar> parallel_refactor;
  /// Made by each pivoting factorization: the blocks that are not singletons, largest
  /// predicted work first; whether they are factored and refactored in parallel with each
  /// other; and a slot per block for a refactorization's outcome.
  std::vector<std::size_t> large_blocks;
  bool blocks_in_parallel = false;
  std::vector<BlockOutcome> block_outcomes;
  /// Factorization scratch of the sequential sweep, kept between factorizations.
  ColumnWorkspace<Scalar, Index> column_workspace;
  /// The worker threads of this factorization, created on the first parallel sweep.
  std::unique_ptr<tbb::task_arena> arena;
  /// Whether the workers have joined a parallel loop once (plan_refactor).
  bool workers_joined = false;
};

/// The factorization, or an Error when the last factor()/refactor() failed part-way.
template <class Scalar, class Index>
const NumericData<Scalar, Index>& require_factored(const NumericData<Scalar, Index>& data) {
  if (!data.factored) {
    throw Error(ErrorKind::api_misuse,
                "no usable factorization: the last factor() or refactor() failed; call factor() "
                "with values that can be factored");
  }
  return data;
}

}  // namespace lupine::detail
