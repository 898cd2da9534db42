// Numeric: pivoting factorization over the BTF blocks, and guarded refactorization.
#include <tbb/enumerable_thread_specific.h>
#include <tbb/info.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <complex>
#include <cstdint>
#include <new>
#include <string>
#include <thread>

#include "core/parallel.hpp"
#include "core/scalar.hpp"
#include "core/timer.hpp"
#include "lupine/solver.hpp"
#include "numeric/blas.hpp"
#include "numeric/blas_kernels.hpp"
#include "numeric/numeric_column.hpp"
#include "numeric/numeric_data.hpp"
#include "numeric/numeric_dense.hpp"
#include "numeric/numeric_supernodal.hpp"
#include "preprocess/scaling.hpp"
#include "solve/condition.hpp"

namespace lupine {
namespace detail {
namespace {

constexpr double kParallelMinimumFlops = 1e6;

// More threads than TBB's concurrency only oversubscribes the cores (and TBB refuses them).
int resolve_threads(int requested) {
  const int available = std::max(1, tbb::info::default_concurrency());
  return requested > 0 ? std::min(requested, available) : available;
}

template <class Scalar, class Index>
void check_values(const SymbolicData<Index>& symbolic, const Scalar* values, bool check_finite) {
  if (!check_finite) return;
  // One vectorized pass, then a search for the culprit only when something is wrong.
  if (all_finite(values, symbolic.row_indices.size())) return;
  const Index n = symbolic.n;
  for (Index j = 0; j < n; ++j) {
    for (Index p = symbolic.col_ptr[j]; p < symbolic.col_ptr[j + 1]; ++p) {
      if (!is_finite_value(values[p])) {
        const Index i = symbolic.row_indices[p];
        throw Error(
            ErrorKind::non_finite_input,
            "non-finite value at entry (" + std::to_string(i) + ", " + std::to_string(j) + ")", i,
            j);
      }
    }
  }
}

template <class Scalar, class Index>
void check_pattern(const SymbolicData<Index>& symbolic, const CscMatrix<Scalar, Index>& matrix) {
  if (matrix.rows() != symbolic.n || matrix.cols() != symbolic.n) {
    throw Error(ErrorKind::pattern_mismatch, "matrix is " + std::to_string(matrix.rows()) + " x " +
                                                 std::to_string(matrix.cols()) +
                                                 ", the analysis was for order " +
                                                 std::to_string(symbolic.n));
  }
  if (!std::equal(symbolic.col_ptr.begin(), symbolic.col_ptr.end(), matrix.col_ptr().begin())) {
    for (Index j = 0; j < symbolic.n; ++j) {
      if (matrix.col_ptr()[j + 1] != symbolic.col_ptr[j + 1]) {
        throw Error(ErrorKind::pattern_mismatch,
                    "column " + std::to_string(j) + " has " +
                        std::to_string(matrix.col_ptr()[j + 1] - matrix.col_ptr()[j]) +
                        " entries, the analyzed pattern has " +
                        std::to_string(symbolic.col_ptr[j + 1] - symbolic.col_ptr[j]),
                    -1, j);
      }
    }
  }
  if (matrix.nnz() != static_cast<Index>(symbolic.row_indices.size()) ||
      !std::equal(symbolic.row_indices.begin(), symbolic.row_indices.end(),
                  matrix.row_indices().begin())) {
    for (Index j = 0; j < symbolic.n; ++j) {
      for (Index p = symbolic.col_ptr[j]; p < symbolic.col_ptr[j + 1]; ++p) {
        if (matrix.row_indices()[p] != symbolic.row_indices[p]) {
          throw Error(ErrorKind::pattern_mismatch,
                      "entry (" + std::to_string(matrix.row_indices()[p]) + ", " +
                          std::to_string(j) + ") is not in the analyzed pattern (expected row " +
                          std::to_string(symbolic.row_indices[p]) + ")",
                      matrix.row_indices()[p], j);
        }
      }
    }
  }
  if (!matrix.has_values()) {
    throw Error(ErrorKind::invalid_argument, "factor needs values; the matrix is pattern-only");
  }
}

template <class Scalar, class Index>
BlockValues<Scalar, Index> block_values(const NumericData<Scalar, Index>& data,
                                        const BlockPlan<Index>& plan) {
  const SymbolicData<Index>& symbolic = data.symbolic.data();
  BlockValues<Scalar, Index> view;
  view.size = plan.size;
  view.col_ptr = symbolic.block_col_ptr.data() + plan.start;
  view.rows = symbolic.block_rows.data();
  view.source = symbolic.block_source.data();
  view.values = data.values.data();
  view.row_scale = data.permuted_row_scale.data() + plan.start;
  return view;
}

// Takes the new values and recomputes the row scaling in the same pass over them.
template <class Scalar, class Index>
void load_values(NumericData<Scalar, Index>& data, const Scalar* values) {
  const SymbolicData<Index>& symbolic = data.symbolic.data();
  copy_values_and_scale_rows(symbolic.n, symbolic.col_ptr.data(), symbolic.row_indices.data(),
                             values, data.values.data(), data.options.scaling,
                             data.row_scale.data());
  for (Index k = 0; k < symbolic.n; ++k) {
    data.permuted_row_scale[k] = data.row_scale[symbolic.row_perm[k]];
  }
  const auto range = std::minmax_element(data.row_scale.begin(), data.row_scale.end());
  data.smallest_row_scale = symbolic.n > 0 ? *range.first : 1;
  data.largest_row_scale = symbolic.n > 0 ? *range.second : 1;
}

// refactor's values: the row scaling of the last pivoting factorization is kept unless
// Options::rescale_on_refactor asks otherwise or the new values would leave the normal range
// under it. Scaling rows by powers of two changes the exponents of the arithmetic and nothing
// else, so the solutions are the same bits either way; only the guard's column maxima and
// growth see the difference. Keeping it saves a pass over the values that scatters to rows
// (27-30% of a circuit refactorization's instructions, docs/refactor_guard.md). True when
// the scaling was kept (Scaling::none has nothing to keep).
template <class Scalar, class Index>
bool load_refactor_values(NumericData<Scalar, Index>& data, const Scalar* values) {
  if (!data.options.rescale_on_refactor && values != data.values.data()) {
    const ValueRange range = copy_values_with_range(values, data.values.size(), data.values.data());
    if (data.options.scaling == Scaling::none) return false;
    if (scaling_keeps_range(range, data.smallest_row_scale, data.largest_row_scale)) return true;
  }
  load_values(data, values);
  return false;
}

// The off-diagonal blocks' values, and the row scale by pivoted row that solve applies
// while it gathers the right-hand side, after the values or the pivots changed.
template <class Scalar, class Index>
void update_off_diagonal_values(NumericData<Scalar, Index>& data) {
  const SymbolicData<Index>& symbolic = data.symbolic.data();
  const std::size_t count = symbolic.off_rows.size();
  for (std::size_t p = 0; p < count; ++p) {
    data.off_values[p] =
        data.values[symbolic.off_source[p]] * data.permuted_row_scale[symbolic.off_rows[p]];
  }
  for (Index k = 0; k < symbolic.n; ++k) {
    data.pivoted_row_scale[data.pivot_position[k]] = data.permuted_row_scale[k];
  }
}

template <class Index>
[[noreturn]] void throw_singular(const SymbolicData<Index>& symbolic, const BlockPlan<Index>& plan,
                                 FactorPath path, const BlockOutcome& outcome) {
  const Index column = symbolic.col_perm[plan.start + static_cast<Index>(outcome.singular_column)];
  const std::string what =
      outcome.non_finite ? "a non-finite value (overflow) appeared" : "no nonzero pivot is left";
  // The column path eliminates in order, so the failing column's position says how far it
  // got; a supernodal block's fronts run in any order, so only the column is reported.
  const std::string where =
      path == FactorPath::supernodal
          ? " (supernodal block of order " + std::to_string(plan.size) + " at position " +
                std::to_string(plan.start) + " of " + std::to_string(symbolic.n) + ")"
          : " after eliminating " +
                std::to_string(plan.start + static_cast<Index>(outcome.singular_column)) + " of " +
                std::to_string(symbolic.n) + " columns";
  throw Error(
      ErrorKind::numerically_singular,
      "matrix is numerically singular: " + what + " in column " + std::to_string(column) + where,
      -1, column);
}

template <class Scalar, class Index>
void factor_singleton(const NumericData<Scalar, Index>& data, const BlockPlan<Index>& plan,
                      real_type_t<Scalar> perturbation, Scalar& pivot, BlockOutcome& outcome) {
  const SymbolicData<Index>& symbolic = data.symbolic.data();
  const Index k = plan.start;
  const Index p = symbolic.block_col_ptr[k];
  pivot = p < symbolic.block_col_ptr[k + 1]
              ? data.values[symbolic.block_source[p]] * data.permuted_row_scale[k]
              : Scalar{0};
  if (!is_finite_value(pivot)) {
    outcome.singular_column = 0;
    outcome.non_finite = true;
  } else if (pivot == Scalar{0}) {
    if (data.options.perturb_singular_pivots) {
      pivot = Scalar{perturbation};
      ++outcome.perturbed_pivots;
    } else {
      outcome.singular_column = 0;
    }
  }
}

template <class Scalar, class Index>
void factor_block(NumericData<Scalar, Index>& data, std::size_t b, real_type_t<Scalar> perturbation,
                  ColumnWorkspace<Scalar, Index>& workspace, BlockOutcome& outcome) {
  const SymbolicData<Index>& symbolic = data.symbolic.data();
  const BlockPlan<Index>& plan = symbolic.blocks[b];
  BlockFactor<Scalar, Index>& factor = data.blocks[b];
  Index* pivot_of_row = data.local_pivot_position.data() + plan.start;
  if (plan.size == 1) {
    factor_singleton(data, plan, perturbation, data.diagonal[plan.start], outcome);
    pivot_of_row[0] = 0;
    return;
  }
  BlockValues<Scalar, Index> view = block_values(data, plan);
  view.perturbation = perturbation;
  view.predicted_lu_nnz = plan.predicted_lu_nnz;
  view.dense_tail = plan.dense_tail;
  if (plan.diagonal_pattern >= 0 && data.options.presume_diagonal_pivots) {
    view.presumed = symbolic.diagonal_patterns.pattern(plan.diagonal_pattern, plan.start);
  }
  factor.path = plan.path;
  if (plan.path == FactorPath::supernodal) {
    factor_supernodal_block(view, symbolic.supernodal[static_cast<std::size_t>(plan.supernodal)],
                            data.options, data.stats.threads > 1, factor.supernodal_factor(),
                            outcome);
    if (outcome.singular_column < 0 || outcome.non_finite) {
      for (Index k = 0; k < plan.size; ++k) pivot_of_row[k] = k;
      return;
    }
    // A root front that no pivot could complete. In exact arithmetic that means a singular
    // block, but the fronts pivot only among fully summed rows, so rounding can leave an exact
    // zero where the column path, free to pivot on any row, finds a pivot: it has the last
    // word, and the block's singularity is judged the same way on every path.
    outcome = BlockOutcome{};
    *factor.supernodal = SupernodalFactor<Scalar, Index>{};
    factor.path = FactorPath::column;
  }
  if (plan.path == FactorPath::dense) {
    factor_dense_block(view, factor.dense_factor(), outcome);
    const bool retry_by_column =
        outcome.singular_column >= 0 && !outcome.non_finite && data.options.perturb_singular_pivots;
    if (!retry_by_column) {
      for (Index k = 0; k < plan.size; ++k) pivot_of_row[k] = k;
      return;
    }
    outcome = BlockOutcome{};
    factor.dense.reset();
    factor.path = FactorPath::column;
  }
  if (workspace.x.size() < static_cast<std::size_t>(plan.size)) workspace.resize(plan.size);
  factor_column_block(view, data.options, workspace, factor.column,
                      data.diagonal.data() + plan.start, pivot_of_row, outcome);
}

// The kernels give block-local positions; make them global and derive the row order.
template <class Scalar, class Index>
void finish_pivot_order(NumericData<Scalar, Index>& data) {
  const SymbolicData<Index>& symbolic = data.symbolic.data();
  for (const auto& plan : symbolic.blocks) {
    for (Index k = plan.start; k < plan.start + plan.size; ++k) {
      data.pivot_position[k] = data.local_pivot_position[k] + plan.start;
    }
  }
  for (Index k = 0; k < symbolic.n; ++k) {
    data.pivot_row_perm[data.pivot_position[k]] = symbolic.row_perm[k];
  }
  for (std::size_t p = 0; p < symbolic.off_rows.size(); ++p) {
    data.off_rows[p] = data.pivot_position[symbolic.off_rows[p]];
  }
}

template <class Scalar, class Index>
void count_factor_entries(NumericData<Scalar, Index>& data) {
  const SymbolicData<Index>& symbolic = data.symbolic.data();
  Stats& stats = data.stats;
  stats.nnz_L = 0;
  stats.nnz_U = 0;
  stats.dense_tail_columns = 0;
  for (std::size_t b = 0; b < symbolic.blocks.size(); ++b) {
    const std::int64_t size = symbolic.blocks[b].size;
    const BlockFactor<Scalar, Index>& factor = data.blocks[b];
    if (size == 1) {
      stats.nnz_U += 1;
    } else if (factor.path == FactorPath::dense) {
      stats.nnz_L += size * (size - 1) / 2;
      stats.nnz_U += size * (size + 1) / 2;
    } else if (factor.path == FactorPath::supernodal) {
      count_supernodal_entries(*factor.supernodal, stats.nnz_L, stats.nnz_U);
    } else {
      stats.nnz_L += static_cast<std::int64_t>(factor.column.L_col_ptr.back());
      stats.dense_tail_columns += factor.column.dense_tail;
      stats.nnz_U += static_cast<std::int64_t>(factor.column.U_col_ptr.back()) + size;
    }
  }
  stats.nnz_offdiagonal = static_cast<std::int64_t>(symbolic.off_rows.size());
  stats.lu_nnz = stats.nnz_L + stats.nnz_U + stats.nnz_offdiagonal;
}

void merge_outcomes(const std::vector<BlockOutcome>& outcomes, Stats& stats) {
  stats.factor_flops = 0;
  stats.off_diagonal_pivots = 0;
  stats.perturbed_pivots = 0;
  stats.pivot_growth = 1;
  stats.smallest_pivot_ratio = 1;
  stats.delayed_pivots = 0;
  stats.presumed_pivot_columns = 0;
  for (const auto& outcome : outcomes) {
    stats.smallest_pivot_ratio = std::min(stats.smallest_pivot_ratio, outcome.smallest_pivot_ratio);
    stats.factor_flops += outcome.flops;
    stats.off_diagonal_pivots += outcome.off_diagonal_pivots;
    stats.perturbed_pivots += outcome.perturbed_pivots;
    stats.delayed_pivots += outcome.delayed_pivots;
    stats.presumed_pivot_columns += outcome.presumed_pivot_columns;
    stats.pivot_growth = std::max(stats.pivot_growth, outcome.growth);
  }
}

template <class Scalar, class Index>
void note_dense_kernels(NumericData<Scalar, Index>& data) {
  const SymbolicData<Index>& symbolic = data.symbolic.data();
  if (symbolic.largest_dense_block > 0 || !symbolic.supernodal.empty()) {
    data.stats.blas = blas::library_description();
  }
  std::int64_t working = 0;
  for (const auto& block : data.blocks) {
    if (block.supernodal) working += block.supernodal->working_scalars;
  }
  data.stats.working_bytes = working * static_cast<std::int64_t>(sizeof(Scalar));
}

template <class Scalar, class Index>
void ensure_arena(NumericData<Scalar, Index>& data, int threads) {
  if (!data.arena || data.arena->max_concurrency() != threads) {
    data.arena = std::make_unique<tbb::task_arena>(threads);
  }
}

// Supernodal blocks run their tree tasks in this factorization's arena, so that TBB uses
// exactly Options::threads workers; everything else needs no arena.
template <class Scalar, class Index, class Function>
void in_arena(NumericData<Scalar, Index>& data, Function&& function) {
  const SymbolicData<Index>& symbolic = data.symbolic.data();
  if (data.stats.threads <= 1 || symbolic.supernodal.empty()) {
    function();
    return;
  }
  ensure_arena(data, data.stats.threads);
  execute_in(*data.arena, function);
}

// The blocks that are not singletons into `large_blocks`, largest predicted work first;
// returns whether they are worth factoring (and refactoring) in parallel with each other:
// more than one thread, two or more of them, and at least kParallelMinimumFlops of work
// besides the largest (below that, starting tasks costs more than it saves: a TBB
// parallel_for is tens of microseconds, circuits factor in less).
template <class Index>
bool order_large_blocks(const SymbolicData<Index>& symbolic, int threads,
                        std::vector<std::size_t>& large_blocks) {
  large_blocks.clear();
  double overlappable = 0;
  double largest = 0;
  for (std::size_t b = 0; b < symbolic.blocks.size(); ++b) {
    if (symbolic.blocks[b].size == 1) continue;
    large_blocks.push_back(b);
    overlappable += symbolic.blocks[b].predicted_flops;
    largest = std::max(largest, symbolic.blocks[b].predicted_flops);
  }
  overlappable -= largest;
  std::stable_sort(large_blocks.begin(), large_blocks.end(), [&](std::size_t a, std::size_t b) {
    return symbolic.blocks[a].predicted_flops > symbolic.blocks[b].predicted_flops;
  });
  return threads > 1 && large_blocks.size() >= 2 && overlappable >= kParallelMinimumFlops;
}

template <class Scalar, class Index>
void factor_all_blocks(NumericData<Scalar, Index>& data) {
  using Real = real_type_t<Scalar>;
  const SymbolicData<Index>& symbolic = data.symbolic.data();
  const std::size_t block_count = symbolic.blocks.size();
  Real perturbation = 0;
  if (data.options.perturb_singular_pivots) {
    Real largest = 0;
    for (Index k = 0; k < symbolic.n; ++k) {
      for (Index p = symbolic.col_ptr[k]; p < symbolic.col_ptr[k + 1]; ++p) {
        const Real size = std::abs(data.values[p]) * data.row_scale[symbolic.row_indices[p]];
        largest = std::max(largest, size);
      }
    }
    perturbation = static_cast<Real>(data.options.pivot_perturbation) * (largest > 0 ? largest : 1);
  }
  if (symbolic.largest_dense_block > 0 || !symbolic.supernodal.empty()) {
    blas::prepare_dense_kernels();
  }

  const int threads = resolve_threads(data.options.threads);
  data.stats.threads = threads;
  std::vector<BlockOutcome> outcomes(block_count);
  for (std::size_t b = 0; b < block_count; ++b) {
    if (symbolic.blocks[b].size == 1) {
      ColumnWorkspace<Scalar, Index> unused;
      factor_block(data, b, perturbation, unused, outcomes[b]);
    }
  }
  data.blocks_in_parallel = order_large_blocks(symbolic, threads, data.large_blocks);
  if (!data.blocks_in_parallel) {
    data.column_workspace.resize(symbolic.largest_block);
    in_arena(data, [&] {
      for (const std::size_t b : data.large_blocks) {
        factor_block(data, b, perturbation, data.column_workspace, outcomes[b]);
      }
    });
  } else {
    tbb::enumerable_thread_specific<ColumnWorkspace<Scalar, Index>> workspaces;
    ensure_arena(data, threads);
    execute_in(*data.arena, [&] {
      parallel_for_each<std::size_t>(0, data.large_blocks.size(), 1, [&](std::size_t t) {
        const std::size_t b = data.large_blocks[t];
        factor_block(data, b, perturbation, workspaces.local(), outcomes[b]);
      });
    });
  }
  for (std::size_t b = 0; b < block_count; ++b) {
    if (outcomes[b].singular_column >= 0) {
      throw_singular(symbolic, symbolic.blocks[b], data.blocks[b].path, outcomes[b]);
    }
  }
  merge_outcomes(outcomes, data.stats);
  note_dense_kernels(data);
  finish_pivot_order(data);
  update_off_diagonal_values(data);
  count_factor_entries(data);
}

// A column-path block whose refactorization is worth splitting over the threads: below this
// much predicted work, handing columns to tasks costs more than it saves (measured in
// docs/paths.md: 0.6-0.8x at 1e4-3e7 flops, 1.3-1.4x at 4e8-1e9).
constexpr double kParallelRefactorFlops = 1e8;

template <class Scalar, class Index>
bool refactors_in_parallel(const NumericData<Scalar, Index>& data, const BlockPlan<Index>& plan) {
  return data.stats.threads > 1 && plan.size > 1 &&
         plan.predicted_flops >= kParallelRefactorFlops &&
         data.parallel_refactor.order >= static_cast<std::size_t>(plan.size);
}

// Sizes, once per pivoting factorization, what the refactorization needs so that it
// allocates nothing: a slot per block for its outcome, and the scratch of parallel
// refactorizations (blocks in parallel with each other, or a column pipeline).
template <class Scalar, class Index>
void plan_refactor(NumericData<Scalar, Index>& data) {
  const SymbolicData<Index>& symbolic = data.symbolic.data();
  data.block_outcomes.resize(symbolic.blocks.size());
  const int threads = data.stats.threads;
  if (threads <= 1) return;
  std::size_t largest_block = 0;
  std::size_t largest_pipelined = 0;
  for (const std::size_t b : data.large_blocks) {
    const BlockPlan<Index>& plan = symbolic.blocks[b];
    largest_block = std::max(largest_block, static_cast<std::size_t>(plan.size));
    if (data.blocks[b].path == FactorPath::column &&
        plan.predicted_flops >= kParallelRefactorFlops) {
      largest_pipelined = std::max(largest_pipelined, static_cast<std::size_t>(plan.size));
    }
  }
  const std::size_t order = data.blocks_in_parallel ? largest_block : largest_pipelined;
  if (order == 0) return;
  data.parallel_refactor.resize(threads, order);
  // TBB allocates a worker's bookkeeping the first time the worker joins a parallel loop
  // (128 bytes, seen by the counting-allocator test on the first column pipeline). One loop
  // here, once per Numeric, whose tasks wait, for at most a few milliseconds, until the
  // workers have joined moves that out of the refactorizations.
  if (data.workers_joined) return;
  data.workers_joined = true;
  in_arena(data, [threads] {
    std::atomic<int> joined{0};
    parallel_for_each<int>(0, threads, 1, [&joined, threads](int) {
      joined.fetch_add(1);
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(5);
      while (joined.load() < threads && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::yield();
      }
    });
  });
}

// Refactors diagonal block b (not a singleton) into its factor: false when a reused pivot
// fails. `work` is a zero dense vector of the block's order for the column path;
// `inner_parallel` lets a column-path block use the arena's threads.
template <class Scalar, class Index>
bool refactor_block(NumericData<Scalar, Index>& data, std::size_t b, real_type_t<Scalar> threshold,
                    Scalar* work, bool inner_parallel, BlockOutcome& outcome) {
  const SymbolicData<Index>& symbolic = data.symbolic.data();
  const BlockPlan<Index>& plan = symbolic.blocks[b];
  BlockFactor<Scalar, Index>& factor = data.blocks[b];
  const BlockValues<Scalar, Index> view = block_values(data, plan);
  Index* pivot_of_row = data.local_pivot_position.data() + plan.start;
  Scalar* diagonal = data.diagonal.data() + plan.start;
  switch (factor.path) {
    case FactorPath::supernodal:
      // With tasks whenever the factorization had them: the working memory it left is laid
      // out for that (a task-free sweep would need other stacks).
      return refactor_supernodal_block(
          view, symbolic.supernodal[static_cast<std::size_t>(plan.supernodal)], threshold,
          data.stats.threads > 1, factor.supernodal_factor(), outcome);
    case FactorPath::dense:
      // Dense pivoting is cheap and local to the block: pivot afresh.
      factor_dense_block(view, factor.dense_factor(), outcome);
      return outcome.singular_column < 0;
    default:
      if (inner_parallel && refactors_in_parallel(data, plan)) {
        return refactor_column_block_parallel(view, threshold, pivot_of_row, factor.column,
                                              diagonal, data.parallel_refactor, outcome);
      }
      return refactor_column_block(view, threshold, pivot_of_row, factor.column, diagonal, work,
                                   outcome);
  }
}

// Returns false as soon as a reused pivot fails its check.
template <class Scalar, class Index>
bool refactor_all_blocks(NumericData<Scalar, Index>& data) {
  using Real = real_type_t<Scalar>;
  const SymbolicData<Index>& symbolic = data.symbolic.data();
  const Real threshold = static_cast<Real>(data.options.refactor_threshold);
  const std::size_t block_count = symbolic.blocks.size();
  for (std::size_t b = 0; b < block_count; ++b) {
    const BlockPlan<Index>& plan = symbolic.blocks[b];
    data.block_outcomes[b] = BlockOutcome{};
    if (plan.size != 1) continue;
    const Index p = symbolic.block_col_ptr[plan.start];
    const Scalar pivot =
        p < symbolic.block_col_ptr[plan.start + 1]
            ? data.values[symbolic.block_source[p]] * data.permuted_row_scale[plan.start]
            : Scalar{0};
    if (!is_finite_value(pivot) || pivot == Scalar{0}) return false;
    data.diagonal[plan.start] = pivot;
  }
  bool reused = true;
  if (data.blocks_in_parallel) {
    // Diagonal blocks are independent: tasks take them, largest predicted work first, each
    // with a work vector of its own; outcomes are merged in block order below.
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    ParallelRefactorSpace<Scalar>& space = data.parallel_refactor;
    in_arena(data, [&] {
      parallel_for_each<int>(0, space.tasks, 1, [&](int t) {
        Scalar* work = space.work.data() + static_cast<std::size_t>(t) * space.order;
        for (;;) {
          const std::size_t q = next.fetch_add(1, std::memory_order_relaxed);
          if (q >= data.large_blocks.size() || failed.load(std::memory_order_relaxed)) break;
          const std::size_t b = data.large_blocks[q];
          if (!refactor_block(data, b, threshold, work, false, data.block_outcomes[b])) {
            failed.store(true);
          }
        }
      });
    });
    reused = !failed.load();
  } else {
    in_arena(data, [&] {
      for (const std::size_t b : data.large_blocks) {
        if (!refactor_block(data, b, threshold, data.refactor_work.data(), true,
                            data.block_outcomes[b])) {
          reused = false;
          return;
        }
      }
    });
  }
  if (!reused) return false;
  BlockOutcome total;
  for (const BlockOutcome& outcome : data.block_outcomes) {
    total.flops += outcome.flops;
    total.off_diagonal_pivots += outcome.off_diagonal_pivots;
    total.delayed_pivots += outcome.delayed_pivots;
    total.growth = std::max(total.growth, outcome.growth);
    total.smallest_pivot_ratio = std::min(total.smallest_pivot_ratio, outcome.smallest_pivot_ratio);
  }
  // Every pivot passed; growth far beyond the last pivoting factorization's means the reused
  // sequence has become unstable all the same (docs/refactor_guard.md).
  const double limit = data.options.refactor_growth_limit;
  if (limit > 0 && total.growth > limit * std::max(1.0, data.pivoting_growth)) return false;
  data.stats.delayed_pivots = total.delayed_pivots;
  data.stats.smallest_pivot_ratio = total.smallest_pivot_ratio;
  data.stats.factor_flops = total.flops;
  data.stats.pivot_growth = total.growth;
  note_dense_kernels(data);
  update_off_diagonal_values(data);
  return true;
}

template <class Scalar, class Index>
void check_memory_limit(const SymbolicData<Index>& symbolic, const Options& options) {
  if (options.memory_limit <= 0) return;
  const double scale = static_cast<double>(sizeof(Scalar)) / sizeof(double);
  const double predicted = scale * static_cast<double>(symbolic.stats.predicted_factor_bytes +
                                                       symbolic.stats.predicted_working_bytes);
  if (predicted > static_cast<double>(options.memory_limit)) {
    throw Error(ErrorKind::memory_limit_exceeded,
                "predicted memory of the factorization, " +
                    std::to_string(static_cast<std::int64_t>(predicted)) + " bytes (factors " +
                    std::to_string(static_cast<std::int64_t>(
                        scale * static_cast<double>(symbolic.stats.predicted_factor_bytes))) +
                    ", working memory " +
                    std::to_string(static_cast<std::int64_t>(
                        scale * static_cast<double>(symbolic.stats.predicted_working_bytes))) +
                    "), exceeds Options::memory_limit = " + std::to_string(options.memory_limit));
  }
}

// Options::estimate_condition, after a factorization that succeeded.
template <class Scalar, class Index>
void note_inverse_diagonal(NumericData<Scalar, Index>& data) {
  const std::size_t n = data.diagonal.size();
  const Scalar* diagonal = data.diagonal.data();
  Scalar* inverse = data.inverse_diagonal.data();
  // Supernodal and dense blocks keep their pivots in their own factors: 0 here. Real pivots
  // are divided without a branch (a zero one by 1, then the result times 0), so the loop
  // vectorizes: as a branch it took 5% of a refactorization of add32, now 1.5% (perf).
  if constexpr (is_complex<Scalar>::value) {
    for (std::size_t k = 0; k < n; ++k) {
      inverse[k] = diagonal[k] != Scalar{0} ? Scalar{1} / diagonal[k] : Scalar{0};
    }
  } else {
    for (std::size_t k = 0; k < n; ++k) {
      const Scalar zero = static_cast<Scalar>(diagonal[k] == Scalar{0});
      inverse[k] = (Scalar{1} / (diagonal[k] + zero)) * (Scalar{1} - zero);
    }
  }
}

template <class Scalar, class Index>
void note_condition(NumericData<Scalar, Index>& data) {
  data.stats.condition_estimate = 0;
  if (!data.options.estimate_condition) return;
  data.stats.condition_estimate =
      converting_allocation_failure("the condition estimate", data.symbolic.data().n,
                                    [&] { return estimate_condition(data).condition; });
}

// The pivoting factorization of `values` (in the analyzed pattern's order; may be
// data.values itself).
template <class Scalar, class Index>
void factor_values(NumericData<Scalar, Index>& data, const Scalar* values) {
  const SymbolicData<Index>& symbolic = data.symbolic.data();
  check_values(symbolic, values, data.options.check_finite);
  const Timer timer;
  data.factored = false;
  const std::int64_t factor_count = data.stats.factor_count + 1;
  const std::int64_t refactor_count = data.stats.refactor_count;
  const std::int64_t refactor_fallbacks = data.stats.refactor_fallbacks;
  const double refactor_seconds = data.stats.refactor_seconds;
  auto keep_counts = [&] {
    data.stats.factor_count = factor_count;
    data.stats.refactor_count = refactor_count;
    data.stats.refactor_fallbacks = refactor_fallbacks;
    data.stats.refactor_seconds = refactor_seconds;
  };
  try {
    data.stats = symbolic.stats;  // (copies the BLAS name: may allocate)
    keep_counts();
    load_values(data, values);
    factor_all_blocks(data);
    plan_refactor(data);
  } catch (const std::bad_alloc& failure) {
    keep_counts();
    const auto* sized = dynamic_cast<const AllocationFailure*>(&failure);
    throw_out_of_memory(phase_of_order("factor()", symbolic.n), sized ? sized->bytes() : 0,
                        "predicted nnz(L+U) " + std::to_string(symbolic.stats.predicted_lu_nnz));
  }
  data.factored = true;
  data.pivoting_growth = data.stats.pivot_growth;
  note_inverse_diagonal(data);
  note_condition(data);
  data.stats.factor_seconds = timer.seconds();
}

}  // namespace
}  // namespace detail

template <class Scalar, class Index>
Numeric<Scalar, Index>::Numeric() = default;
template <class Scalar, class Index>
Numeric<Scalar, Index>::~Numeric() = default;
template <class Scalar, class Index>
Numeric<Scalar, Index>::Numeric(Numeric&&) noexcept = default;
template <class Scalar, class Index>
Numeric<Scalar, Index>& Numeric<Scalar, Index>::operator=(Numeric&&) noexcept = default;

template <class Scalar, class Index>
const Scalar* Numeric<Scalar, Index>::checked_values(const Symbolic<Index>& symbolic,
                                                     const CscMatrix<Scalar, Index>& matrix) {
  detail::check_pattern(symbolic.data(), matrix);
  return matrix.values().data();
}

template <class Scalar, class Index>
Numeric<Scalar, Index>::Numeric(const Symbolic<Index>& symbolic,
                                const CscMatrix<Scalar, Index>& matrix, const Options& options)
    : Numeric(symbolic, checked_values(symbolic, matrix), options) {}

template <class Scalar, class Index>
Numeric<Scalar, Index>::Numeric(const Symbolic<Index>& symbolic, const Scalar* values,
                                const Options& options) {
  options.validate();
  const detail::SymbolicData<Index>& analysis = symbolic.data();
  detail::check_memory_limit<Scalar>(analysis, options);
  detail::converting_allocation_failure("factor()", analysis.n, [&] {
    data_ = std::make_unique<detail::NumericData<Scalar, Index>>();
    detail::NumericData<Scalar, Index>& data = *data_;
    data.symbolic = symbolic;
    data.options = options;
    // What analysis decided stays: the ordering, BTF and the path per block.
    data.options.ordering = analysis.options.ordering;
    data.options.btf = analysis.options.btf;
    data.options.path = analysis.options.path;
    allocate(analysis);
  });
  factor(values);
}

template <class Scalar, class Index>
void Numeric<Scalar, Index>::allocate(const detail::SymbolicData<Index>& analysis) {
  detail::NumericData<Scalar, Index>& data = *data_;
  const std::size_t n = static_cast<std::size_t>(analysis.n);
  data.values.resize(analysis.row_indices.size());
  data.row_scale.resize(n);
  data.permuted_row_scale.resize(n);
  data.pivoted_row_scale.resize(n);
  data.pivot_position.resize(n);
  data.local_pivot_position.resize(n);
  data.pivot_row_perm.resize(n);
  data.diagonal.resize(n);
  data.inverse_diagonal.resize(n);
  data.blocks.resize(analysis.blocks.size());
  data.off_rows.resize(analysis.off_rows.size());
  data.off_values.resize(analysis.off_rows.size());
  data.refactor_work.assign(static_cast<std::size_t>(analysis.largest_block), Scalar{0});
  if (!analysis.supernodal.empty()) {
    for (std::size_t b = 0; b < analysis.blocks.size(); ++b) {
      const auto& plan = analysis.blocks[b];
      if (plan.supernodal >= 0) {
        detail::prepare_supernodal_factor(
            analysis.supernodal[static_cast<std::size_t>(plan.supernodal)],
            data.blocks[b].supernodal_factor());
      }
    }
  }
}

template <class Scalar, class Index>
void Numeric<Scalar, Index>::factor(const CscMatrix<Scalar, Index>& matrix) {
  if (!data_) throw Error(ErrorKind::api_misuse, "empty Numeric: construct it from a Symbolic");
  detail::check_pattern(data_->symbolic.data(), matrix);
  detail::factor_values(*data_, matrix.values().data());
}

template <class Scalar, class Index>
void Numeric<Scalar, Index>::factor(const Scalar* values) {
  if (!data_) throw Error(ErrorKind::api_misuse, "empty Numeric: construct it from a Symbolic");
  if (values == nullptr && data_->symbolic.data().row_indices.size() > 0)
    throw Error(ErrorKind::invalid_argument, "factor: values is null");
  detail::factor_values(*data_, values);
}

template <class Scalar, class Index>
RefactorStatus Numeric<Scalar, Index>::refactor(const Scalar* values) {
  if (!data_) throw Error(ErrorKind::api_misuse, "empty Numeric: construct it from a Symbolic");
  detail::NumericData<Scalar, Index>& data = *data_;
  const detail::SymbolicData<Index>& symbolic = data.symbolic.data();
  if (values == nullptr && symbolic.row_indices.size() > 0)
    throw Error(ErrorKind::invalid_argument, "refactor: values is null");
  detail::check_values(symbolic, values, data.options.check_finite);
  const detail::Timer timer;
  // A pivoting factorization that failed leaves a partial pivot sequence (rows of the columns
  // it did not reach have none): there is nothing to reuse, so this refactor pivots afresh.
  const bool pivots_reusable = data.factored;
  data.factored = false;
  const bool scaling_kept = detail::load_refactor_values(data, values);
  ++data.stats.refactor_count;
  const auto reuse = [&] {
    return detail::converting_allocation_failure("refactor()", symbolic.n,
                                                 [&] { return detail::refactor_all_blocks(data); });
  };
  bool reused = pivots_reusable && reuse();
  if (!reused && pivots_reusable && scaling_kept) {
    // Rows whose size moved by orders of magnitude make pivots look small (or large) under
    // the old scaling that are not under the new values' own: the guard asks again there,
    // as a rescaling refactor would have, before pivoting afresh.
    detail::load_values(data, data.values.data());
    reused = reuse();
  }
  if (reused) {
    data.factored = true;
    detail::note_inverse_diagonal(data);
    detail::note_condition(data);
    data.stats.refactor_seconds = timer.seconds();
    return RefactorStatus::reused_pivots;
  }
  ++data.stats.refactor_fallbacks;
  detail::factor_values(data, data.values.data());
  data.stats.refactor_seconds = timer.seconds();
  return RefactorStatus::repivoted;
}

template <class Scalar, class Index>
RefactorStatus Numeric<Scalar, Index>::refactor(const Scalar* values, const RefactorOptions& call) {
  if (!data_) throw Error(ErrorKind::api_misuse, "empty Numeric: construct it from a Symbolic");
  detail::NumericData<Scalar, Index>& data = *data_;
  const detail::SymbolicData<Index>& symbolic = data.symbolic.data();
  const auto check_threshold = [](double value, const char* name) {
    if (!(value < 0) && !(value <= 1)) {
      throw Error(ErrorKind::invalid_argument, std::string("RefactorOptions::") + name +
                                                   " must be in [0, 1] (or < 0: keep the "
                                                   "option), got " +
                                                   std::to_string(value));
    }
  };
  check_threshold(call.refactor_threshold, "refactor_threshold");
  if (std::isnan(call.refactor_growth_limit)) {
    throw Error(ErrorKind::invalid_argument, "RefactorOptions::refactor_growth_limit is NaN");
  }
  check_threshold(call.pivot_threshold, "pivot_threshold");
  if (!std::isfinite(call.diagonal_shift)) {
    throw Error(ErrorKind::invalid_argument, "RefactorOptions::diagonal_shift must be finite");
  }
  const std::int64_t n = symbolic.n;
  if (call.shifted_rows == nullptr && call.shifted_row_count > 0) {
    throw Error(ErrorKind::invalid_argument, "RefactorOptions::shifted_rows is null");
  }
  const std::int64_t* shifted_end = call.shifted_rows + call.shifted_row_count;
  for (const std::int64_t* row = call.shifted_rows; row != shifted_end; ++row) {
    const std::int64_t i = *row;
    if (i < 0 || i >= n) {
      throw Error(ErrorKind::invalid_argument, "RefactorOptions::shifted_rows holds " +
                                                   std::to_string(i) + ", outside [0, " +
                                                   std::to_string(n) + ")");
    }
    if (symbolic.diagonal_slot[static_cast<std::size_t>(i)] < 0) {
      throw Error(ErrorKind::pattern_mismatch,
                  "diagonal shift at (" + std::to_string(i) + ", " + std::to_string(i) +
                      "), which is not in the analyzed pattern (stamp an explicit zero there)",
                  i, i);
    }
  }
  if (values == nullptr && symbolic.row_indices.size() > 0)
    throw Error(ErrorKind::invalid_argument, "refactor: values is null");
  const Scalar* effective = values;
  if (call.shifted_row_count > 0 && call.diagonal_shift != 0) {
    const std::size_t count = symbolic.row_indices.size();
    if (data.shifted_values.size() < count) {
      detail::converting_allocation_failure("refactor()", n,
                                            [&] { data.shifted_values.resize(count); });
    }
    std::copy(values, values + count, data.shifted_values.begin());
    for (const std::int64_t* row = call.shifted_rows; row != shifted_end; ++row) {
      data.shifted_values[static_cast<std::size_t>(
          symbolic.diagonal_slot[static_cast<std::size_t>(*row)])] += Scalar(call.diagonal_shift);
    }
    effective = data.shifted_values.data();
  }
  // This call's thresholds, the options' own back on every way out.
  struct Restore {
    Options& options;
    double refactor_threshold;
    double refactor_growth_limit;
    double pivot_threshold;
    ~Restore() {
      options.refactor_threshold = refactor_threshold;
      options.refactor_growth_limit = refactor_growth_limit;
      options.pivot_threshold = pivot_threshold;
    }
  } restore{data.options, data.options.refactor_threshold, data.options.refactor_growth_limit,
            data.options.pivot_threshold};
  if (call.refactor_threshold >= 0) data.options.refactor_threshold = call.refactor_threshold;
  if (call.refactor_growth_limit >= 0) {
    data.options.refactor_growth_limit = call.refactor_growth_limit;
  }
  if (call.pivot_threshold >= 0) data.options.pivot_threshold = call.pivot_threshold;
  if (!call.force_repivot) return refactor(effective);
  const detail::Timer timer;
  ++data.stats.refactor_count;
  detail::factor_values(data, effective);
  data.stats.refactor_seconds = timer.seconds();
  return RefactorStatus::repivoted;
}

template <class Scalar, class Index>
RefactorStatus Numeric<Scalar, Index>::refactor(const CscMatrix<Scalar, Index>& matrix) {
  if (!data_) throw Error(ErrorKind::api_misuse, "empty Numeric: construct it from a Symbolic");
  detail::check_pattern(data_->symbolic.data(), matrix);
  return refactor(matrix.values().data());
}

template <class Scalar, class Index>
bool Numeric<Scalar, Index>::empty() const noexcept {
  return data_ == nullptr;
}

template <class Scalar, class Index>
const detail::NumericData<Scalar, Index>& Numeric<Scalar, Index>::data() const {
  if (!data_) throw Error(ErrorKind::api_misuse, "empty Numeric: construct it from a Symbolic");
  return *data_;
}

template <class Scalar, class Index>
Index Numeric<Scalar, Index>::size() const {
  return data().symbolic.data().n;
}

template <class Scalar, class Index>
const Symbolic<Index>& Numeric<Scalar, Index>::symbolic() const {
  return data().symbolic;
}

template <class Scalar, class Index>
const Stats& Numeric<Scalar, Index>::stats() const {
  return data().stats;
}

template <class Scalar, class Index>
const Options& Numeric<Scalar, Index>::options() const {
  return data().options;
}

template class Numeric<double, std::int32_t>;
template class Numeric<double, std::int64_t>;
template class Numeric<std::complex<double>, std::int32_t>;
template class Numeric<std::complex<double>, std::int64_t>;

}  // namespace lupine
