#include "numeric/numeric_supernodal.hpp"

#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>
#include <exception>

#include "core/parallel.hpp"
#include "core/scalar.hpp"
#include "numeric/front.hpp"

namespace lupine::detail {
namespace {

template <class Scalar, class Index>
class Sweep {
 public:
  using Real = real_type_t<Scalar>;
  using Factor = SupernodalFactor<Scalar, Index>;

  Sweep(const BlockValues<Scalar, Index>& block, const SupernodalStructure<Index>& structure,
        Factor& factor, FrontMode mode, bool parallel)
      : block_(block), structure_(structure), factor_(factor), mode_(mode), parallel_(parallel) {}

  Real pivot_threshold = 0.1;
  Real guard_threshold = 0;
  Real perturbation = 0;

  /// Runs the whole tree; false when a task stopped the sweep (guard failure, singular or
  /// non-finite column: see the outcomes).
  bool run() {
    const Index count = structure_.count;
    stop_.store(false);
    for (Index s = 0; s < count; ++s) factor_.outcomes[s] = FrontOutcome{};
    try {
      for_each_root([&](Index s) { process_node(s); });
    } catch (...) {
      release_contributions();
      throw;
    }
    release_contributions();
    return !stop_.load();
  }

 private:
  template <class Function>
  void for_each_root(Function&& function) {
    const auto& roots = structure_.roots;
    const Index count = static_cast<Index>(roots.size());
    if (parallel_ && count > 1) {
      parallel_for_each<Index>(0, count, 1, [&](Index r) { function(roots[r]); });
    } else {
      for (const Index root : roots) function(root);
    }
  }

  void release_contributions() {
    for (auto& slot : factor_.contributions) slot = typename Factor::Contribution{};
  }

  // The working memory of the calling thread (one per arena slot; see ThreadSpace).
  typename Factor::ThreadSpace& space() const {
    const int index = parallel_ ? tbb::this_task_arena::current_thread_index() : 0;
    return factor_.thread_space[static_cast<std::size_t>(index)];
  }

  // `buffer` with at least `size` scalars (kept: growing is for pivoting factorizations, whose
  // delayed pivots make fronts larger; a refactorization finds them large enough).
  static Scalar* at_least(UninitializedVector<Scalar>& buffer, std::int64_t size) {
    if (buffer.size() < static_cast<std::size_t>(size)) {
      buffer.resize(static_cast<std::size_t>(size));
    }
    return buffer.data();
  }

  // Delayed columns a front receives from its children (known once they are factored).
  Index delayed_into(Index s) const {
    Index delayed = 0;
    for (Index q = structure_.child_ptr[s]; q < structure_.child_ptr[s + 1]; ++q) {
      const auto& child = factor_.fronts[structure_.children[q]];
      delayed += child.fully_summed - child.eliminated;
    }
    return delayed;
  }

  std::int64_t workspace_of(Index s) const {
    const Index delayed = delayed_into(s);
    return front_workspace(structure_.front_order(s) + delayed, structure_.columns(s) + delayed);
  }

  void process_node(Index s) {
    if (stop_.load(std::memory_order_relaxed)) return;
    // One thread factors each tree with one stack: the least memory (the analysis ordered
    // the children for it), and no task overhead.
    if (structure_.subtree_root[s] || !parallel_) {
      process_subtree(s);
      return;
    }
    const Index begin = structure_.child_ptr[s];
    const Index end = structure_.child_ptr[s + 1];
    if (parallel_ && end - begin > 1) {
      parallel_for_each<Index>(begin, end, 1,
                               [&](Index q) { process_node(structure_.children[q]); });
    } else {
      for (Index q = begin; q < end; ++q) process_node(structure_.children[q]);
    }
    if (stop_.load(std::memory_order_relaxed)) return;
    Scalar* front = at_least(space().front, workspace_of(s));
    factor_front_of(s, front, /*parallel_updates=*/parallel_);
    for (Index q = begin; q < end; ++q) {
      factor_.contributions[structure_.children[q]] = typename Factor::Contribution{};
    }
    finish_into_contribution_space(s, front);
  }

  // Front s after its factorization, with `trailing` its columns past the fully summed ones:
  // its contribution block goes to its place in the contribution space (or to storage of its
  // own when delayed pivots made it larger) to wait for the parent, then U12 to the factor's
  // storage.
  void finish_into_contribution_space(Index s, const Scalar* trailing) {
    if (stop_.load(std::memory_order_relaxed)) return;
    const auto& result = factor_.fronts[s];
    const std::int64_t dimension = result.order - result.eliminated;
    if (structure_.parent[s] >= 0 && dimension > 0) {
      const std::int64_t planned = structure_.structure_size(s);
      Scalar* target = dimension <= planned
                           ? factor_.contribution_space.data() + structure_.contribution_offset[s]
                           : at_least(factor_.contribution_overflow[s], dimension * dimension);
      copy_contribution(s, trailing, target);
      auto& slot = factor_.contributions[s];
      slot.data = target;
      slot.dimension = dimension;
    }
    store_upper(s, trailing);
  }

  // The column j of front s (its fully summed columns are in the factor's storage), for
  // writing (T = Scalar) or reading (T = const Scalar).
  template <class T>
  static T* front_column(const FrontFactor<Scalar, Index>& result, T* trailing, std::int64_t j) {
    const std::int64_t m = result.order;
    const std::int64_t nfs = result.fully_summed;
    return j < nfs ? result.panel + j * m : trailing + (j - nfs) * m;
  }

  // The contribution block of front s (rows and columns [e, m)) into `target`, leading
  // dimension m - e. Without delayed columns it lies in `trailing` alone and `target` may
  // be lower in the same buffer (a stack sliding it down): each column moves down, in
  // increasing order, so no column is overwritten before it is moved.
  void copy_contribution(Index s, const Scalar* trailing, Scalar* target) const {
    const auto& result = factor_.fronts[s];
    const std::int64_t e = result.eliminated;
    const std::int64_t dimension = result.order - e;
    for (std::int64_t j = 0; j < dimension; ++j) {
      const Scalar* source = front_column(result, trailing, e + j) + e;
      std::memmove(static_cast<void*>(target + j * dimension), static_cast<const void*>(source),
                   static_cast<std::size_t>(dimension) * sizeof(Scalar));
    }
  }

  // U12 (rows [0, e) of columns [e, m)) packed behind L in the factor's storage, and the
  // front's share of the pivot growth max|U(:,j)| / max|A(:,j)| while the entries are in
  // cache. The packed columns overwrite the delayed columns of the front: their
  // contribution must have been copied out first.
  void store_upper(Index s, const Scalar* trailing) {
    auto& result = factor_.fronts[s];
    FrontOutcome& outcome = factor_.outcomes[s];
    const std::int64_t m = result.order;
    const std::int64_t e = result.eliminated;
    const Index* cols = result.cols;
    result.upper = result.panel + m * e;
    const double* column_max = factor_.column_max.data();
    double growth = 1;
    for (std::int64_t k = 0; k < e; ++k) {
      double largest = 0;
      const Scalar* column = result.panel + k * m;
      for (std::int64_t i = 0; i <= k; ++i) {
        largest = std::max(largest, static_cast<double>(magnitude(column[i])));
      }
      if (column_max[cols[k]] > 0) growth = std::max(growth, largest / column_max[cols[k]]);
    }
    // A delayed column's packed U12 ends before the next column of the front starts
    // (m e + (j - e + 1) e <= (j + 1) m), so increasing order reads each before it is
    // overwritten.
    for (std::int64_t j = e; j < m; ++j) {
      const Scalar* column = front_column(result, trailing, j);
      Scalar* target = result.upper + (j - e) * e;
      double largest = 0;
      for (std::int64_t i = 0; i < e; ++i) {
        const Scalar value = column[i];
        target[i] = value;
        largest = std::max(largest, static_cast<double>(magnitude(value)));
      }
      if (column_max[cols[j]] > 0) growth = std::max(growth, largest / column_max[cols[j]]);
    }
    outcome.growth = growth;
  }

  // One task factors this subtree; all fronts but the root's live on a private stack where
  // each front is allocated above its children's contribution blocks, and its own
  // contribution block then slides down to where the first child's began.
  void process_subtree(Index root) {
    const Index first = structure_.first_descendant[root];
    auto& space = this->space();
    at_least(space.stack, structure_.stack_below[root]);
    std::int64_t top = 0;
    for (Index s = first; s < root; ++s) {
      if (stop_.load(std::memory_order_relaxed)) return;
      const Index child_begin = structure_.child_ptr[s];
      const Index child_end = structure_.child_ptr[s + 1];
      const std::int64_t base =
          child_end > child_begin ? factor_.stack_offset[structure_.children[child_begin]] : top;
      const std::int64_t needed = top + workspace_of(s);
      if (static_cast<std::size_t>(needed) > space.stack.size()) {
        // Delayed pivots made fronts larger than the analysis planned for.
        at_least(space.stack, needed + needed / 2);
      }
      point_children_into_stack(s, space.stack.data());
      Scalar* front = space.stack.data() + top;
      factor_front_of(s, front, /*parallel_updates=*/false);
      if (stop_.load(std::memory_order_relaxed)) return;
      const auto& result = factor_.fronts[s];
      const std::int64_t dimension = result.order - result.eliminated;
      Scalar* target = space.stack.data() + base;
      if (result.eliminated == result.fully_summed) {
        // U12 lies above the contribution block, which slides down over it.
        store_upper(s, front);
        copy_contribution(s, front, target);
      } else {
        // Part of the contribution block is in delayed columns that U12 overwrites. With the
        // delayed columns the block is also larger than the front's trailing columns, so it
        // may end past the stack sized for the front (the front is no longer needed here).
        Scalar* copy = at_least(space.copy, dimension * dimension);
        copy_contribution(s, front, copy);
        store_upper(s, front);
        target = at_least(space.stack, base + dimension * dimension) + base;
        std::copy(copy, copy + dimension * dimension, target);
      }
      factor_.stack_offset[s] = base;
      top = base + dimension * dimension;
    }
    if (stop_.load(std::memory_order_relaxed)) return;
    point_children_into_stack(root, space.stack.data());
    Scalar* front = at_least(space.front, workspace_of(root));
    factor_front_of(root, front, /*parallel_updates=*/parallel_);
    for (Index q = structure_.child_ptr[root]; q < structure_.child_ptr[root + 1]; ++q) {
      factor_.contributions[structure_.children[q]] = typename Factor::Contribution{};
    }
    finish_into_contribution_space(root, front);
  }

  void point_children_into_stack(Index s, Scalar* stack) {
    for (Index q = structure_.child_ptr[s]; q < structure_.child_ptr[s + 1]; ++q) {
      const Index c = structure_.children[q];
      const auto& child = factor_.fronts[c];
      auto& slot = factor_.contributions[c];
      slot.data = stack + factor_.stack_offset[c];
      slot.dimension = child.order - child.eliminated;
    }
  }

  // Points the front's index lists and factor at its analysis slot, or at storage of its own
  // when delayed pivots make it larger than planned.
  void bind_storage(Index s, std::int64_t order, std::int64_t fully_summed) {
    auto& result = factor_.fronts[s];
    const std::int64_t planned_order = structure_.front_order(s);
    const std::int64_t slot_values = structure_.factor_offset[s + 1] - structure_.factor_offset[s];
    const std::int64_t needed_values = fully_summed * (2 * order - fully_summed);
    if (order <= planned_order && needed_values <= slot_values) {
      result.rows = factor_.indices.data() + factor_.index_offset[s];
      result.cols = result.rows + order;
      result.panel = factor_.values.data() + structure_.factor_offset[s];
      return;
    }
    auto& overflow = factor_.overflow[s];
    if (!overflow) overflow = std::make_unique<FrontOverflow<Scalar, Index>>();
    if (overflow->indices.size() < static_cast<std::size_t>(2 * order)) {
      overflow->indices.resize(static_cast<std::size_t>(2 * order));
    }
    if (overflow->values.size() < static_cast<std::size_t>(needed_values)) {
      overflow->values.resize(static_cast<std::size_t>(needed_values));
    }
    result.rows = overflow->indices.data();
    result.cols = result.rows + order;
    result.panel = overflow->values.data();
  }

  // front(row_map[i], col_map[j]) += block(i, j). The rows of a contribution block land in
  // increasing positions of the parent, mostly in long runs of consecutive ones (a child
  // shares stretches of its parent's separator), so the block is added run by run with
  // contiguous, vectorizable loops. Columns are independent: large blocks split them over
  // tasks, which keeps the order of the additions into each entry (child by child).
  static void extend_add(const FrontFactor<Scalar, Index>& result, Scalar* trailing,
                         const Scalar* block, std::int64_t dimension, const Index* row_map,
                         const Index* col_map, Index* run_start, bool parallel) {
    std::int64_t runs = 0;
    for (std::int64_t i = 0; i < dimension; ++i) {
      if (i == 0 || row_map[i] != row_map[i - 1] + 1) run_start[runs++] = static_cast<Index>(i);
    }
    run_start[runs] = static_cast<Index>(dimension);
    auto add_column = [&](std::int64_t j) {
      Scalar* target = front_column(result, trailing, col_map[j]);
      const Scalar* source = block + j * dimension;
      for (std::int64_t r = 0; r < runs; ++r) {
        const std::int64_t from = run_start[r];
        const std::int64_t to = run_start[r + 1];
        Scalar* run = target + row_map[from] - from;
        for (std::int64_t i = from; i < to; ++i) run[i] += source[i];
      }
    };
    constexpr std::int64_t kParallelEntries = std::int64_t{1} << 18;
    if (parallel && dimension * dimension >= kParallelEntries) {
      isolated_parallel_for_each<std::int64_t>(0, dimension, 64, add_column);
    } else {
      for (std::int64_t j = 0; j < dimension; ++j) add_column(j);
    }
  }

  Scalar entry_value(std::int64_t p) const {
    return block_.values[block_.source[p]] * block_.row_scale[block_.rows[p]];
  }

  // Assembles front s, its fully summed columns in the factor's storage and the others in
  // `trailing` (workspace_of(s) scalars: m - nfs columns, then scratch), and factors it;
  // L is then in place, U12 and the contribution block are left in the front.
  void factor_front_of(Index s, Scalar* trailing, bool parallel_updates) {
    auto& result = factor_.fronts[s];
    FrontOutcome& outcome = factor_.outcomes[s];
    const Index columns = structure_.columns(s);
    const Index first = structure_.first[s];
    const Index delayed = delayed_into(s);
    const Index fully_summed = columns + delayed;
    const Index order = fully_summed + structure_.structure_size(s);
    const std::int64_t m = order;
    const bool pivoting = mode_ == FrontMode::pivoting;
    if (pivoting) {
      bind_storage(s, m, fully_summed);
      result.order = order;
      result.fully_summed = fully_summed;
      result.delayed_in = delayed;
    }
    Index* rows = result.rows;
    Index* cols = result.cols;
    const Index child_begin = structure_.child_ptr[s];
    const Index child_end = structure_.child_ptr[s + 1];
    if (pivoting) {
      // Own columns, then the children's delayed ones, then the structure below.
      for (Index j = 0; j < columns; ++j) rows[j] = cols[j] = first + j;
      Index next = columns;
      for (Index q = child_begin; q < child_end; ++q) {
        const auto& child = factor_.fronts[structure_.children[q]];
        for (Index k = child.eliminated; k < child.fully_summed; ++k, ++next) {
          rows[next] = child.rows[k];
          cols[next] = child.cols[k];
        }
      }
      const Index* below = structure_.structure.data() + structure_.structure_ptr[s];
      for (Index k = 0; k < structure_.structure_size(s); ++k) {
        rows[fully_summed + k] = cols[fully_summed + k] = below[k];
      }
    }
    // Positions of the fully summed indices: where the analysis (and the children) address
    // them. In fixed mode these are the pivoted positions of the last factorization.
    Index* row_position = factor_.row_position.data();
    Index* col_position = factor_.col_position.data();
    for (Index k = 0; k < fully_summed; ++k) {
      row_position[rows[k]] = k;
      col_position[cols[k]] = k;
    }
    const std::int64_t trailing_size = m * (m - fully_summed);
    std::fill(result.panel, result.panel + m * fully_summed, Scalar{0});
    std::fill(trailing, trailing + trailing_size, Scalar{0});
    for (std::int64_t q = structure_.entry_ptr[s]; q < structure_.entry_ptr[s + 1]; ++q) {
      const Index r = structure_.entry_row[q];
      const Index c = structure_.entry_col[q];
      const std::int64_t i = r < columns ? row_position[first + r] : r + delayed;
      const std::int64_t j = c < columns ? col_position[first + c] : c + delayed;
      front_column(result, trailing, j)[i] += entry_value(structure_.entry_source[q]);
    }
    // Extend-add of the children's contribution blocks, through index maps kept in the
    // scratch behind the front (free until the factorization needs it).
    Index* row_map = reinterpret_cast<Index*>(trailing + trailing_size);
    Index* col_map = row_map + order;
    for (Index q = child_begin; q < child_end; ++q) {
      const Index c = structure_.children[q];
      const auto& child = factor_.fronts[c];
      const auto& slot = factor_.contributions[c];
      const std::int64_t dimension = slot.dimension;
      const Index child_delayed = child.fully_summed - child.eliminated;
      for (Index k = 0; k < child_delayed; ++k) {
        row_map[k] = row_position[child.rows[child.eliminated + k]];
        col_map[k] = col_position[child.cols[child.eliminated + k]];
      }
      const Index* relative = structure_.relative.data() + structure_.structure_ptr[c];
      for (std::int64_t k = child_delayed; k < dimension; ++k) {
        const Index position = relative[k - child_delayed];
        row_map[k] = position < columns ? row_position[first + position] : position + delayed;
        col_map[k] = position < columns ? col_position[first + position] : position + delayed;
      }
      extend_add(result, trailing, slot.data, dimension, row_map, col_map, col_map + order,
                 parallel_updates);
    }

    FrontProblem<Scalar, Index> problem;
    problem.front = result.panel;
    problem.trailing = trailing;
    problem.order = order;
    problem.fully_summed = fully_summed;
    problem.row_ids = rows;
    problem.col_ids = cols;
    problem.column_scratch = trailing + trailing_size;
    problem.mode = mode_;
    problem.fixed_eliminated = result.eliminated;
    problem.pivot_threshold = pivot_threshold;
    problem.guard_threshold = guard_threshold;
    problem.perturbation = perturbation;  // (a zero column is perturbed at a root only)
    problem.allow_parallel = parallel_updates;
    factor_front(problem, outcome);
    if (outcome.non_finite_at >= 0 || outcome.guard_failed_at >= 0) {
      stop_.store(true);
      return;
    }
    const std::int64_t e = outcome.eliminated;
    if (pivoting) {
      result.eliminated = static_cast<Index>(e);
      if (structure_.parent[s] < 0 && e < fully_summed) {
        stop_.store(true);  // a root cannot delay: the block is singular
        return;
      }
    }
  }

  const BlockValues<Scalar, Index>& block_;
  const SupernodalStructure<Index>& structure_;
  Factor& factor_;
  const FrontMode mode_;
  const bool parallel_;
  std::atomic<bool> stop_{false};
};

// Merges the per-front outcomes in front order into the block's outcome; finds the first
// failure.
template <class Scalar, class Index>
void merge_front_outcomes(const SupernodalStructure<Index>& structure,
                          const SupernodalFactor<Scalar, Index>& factor, BlockOutcome& outcome) {
  for (Index s = 0; s < structure.count; ++s) {
    const FrontOutcome& front = factor.outcomes[s];
    const auto& result = factor.fronts[s];
    outcome.flops += front.flops;
    outcome.off_diagonal_pivots += front.off_diagonal_pivots;
    outcome.perturbed_pivots += front.perturbed_pivots;
    outcome.growth = std::max(outcome.growth, front.growth);
    if (outcome.singular_column >= 0) continue;
    if (front.non_finite_at >= 0) {
      outcome.singular_column = result.cols[front.non_finite_at];
      outcome.non_finite = true;
    } else if (structure.parent[s] < 0 && result.eliminated < result.fully_summed) {
      outcome.singular_column = result.cols[result.eliminated];
    }
  }
}

// max |entry| of each column of the scaled block, the denominators of the pivot growth.
template <class Scalar, class Index>
void compute_column_max(const BlockValues<Scalar, Index>& block, std::vector<double>& column_max) {
  const Index n = block.size;
  for (Index k = 0; k < n; ++k) {
    double largest = 0;
    for (Index p = block.col_ptr[k]; p < block.col_ptr[k + 1]; ++p) {
      largest = std::max(largest, static_cast<double>(magnitude(block.values[block.source[p]] *
                                                                block.row_scale[block.rows[p]])));
    }
    column_max[k] = largest;
  }
}

}  // namespace

template <class Scalar, class Index>
void prepare_supernodal_factor(const SupernodalStructure<Index>& structure,
                               SupernodalFactor<Scalar, Index>& factor) {
  const std::size_t count = static_cast<std::size_t>(structure.count);
  const std::size_t n = static_cast<std::size_t>(structure.size);
  factor.fronts.assign(count, FrontFactor<Scalar, Index>{});
  factor.index_offset.assign(count + 1, 0);
  for (std::size_t s = 0; s < count; ++s) {
    factor.index_offset[s + 1] =
        factor.index_offset[s] +
        2 * static_cast<std::int64_t>(structure.front_order(static_cast<Index>(s)));
  }
  factor.indices.resize(static_cast<std::size_t>(factor.index_offset[count]));
  factor.values.resize(static_cast<std::size_t>(structure.factor_entries));
  factor.overflow.clear();
  factor.overflow.resize(count);
  factor.pivot_rows.assign(n, 0);
  factor.pivot_cols.assign(n, 0);
  factor.contributions.assign(count, {});
  factor.stack_offset.assign(count, 0);
  factor.outcomes.assign(count, FrontOutcome{});
  factor.row_position.assign(n, 0);
  factor.col_position.assign(n, 0);
  factor.column_max.assign(n, 0.0);
}

// A ThreadSpace per worker of the calling arena (one without tasks) and, with tasks, the
// contribution space.
template <class Scalar, class Index>
void prepare_working_memory(const SupernodalStructure<Index>& structure, bool parallel,
                            SupernodalFactor<Scalar, Index>& factor) {
  const std::size_t threads =
      parallel ? static_cast<std::size_t>(tbb::this_task_arena::max_concurrency()) : 1;
  if (factor.thread_space.size() != threads) factor.thread_space.resize(threads);
  const auto space = static_cast<std::size_t>(structure.contribution_space);
  if (parallel && factor.contribution_space.size() < space) {
    factor.contribution_space.resize(space);
  }
  if (factor.contribution_overflow.size() != static_cast<std::size_t>(structure.count)) {
    factor.contribution_overflow.resize(static_cast<std::size_t>(structure.count));
  }
}

// After a pivoting sweep: every thread's space as large as the largest any thread needed, so
// that the next sweep needs nothing new whichever thread runs which front.
template <class Scalar, class Index>
void even_out_thread_space(SupernodalFactor<Scalar, Index>& factor) {
  std::size_t front = 0, stack = 0, copy = 0;
  for (const auto& space : factor.thread_space) {
    front = std::max(front, space.front.size());
    stack = std::max(stack, space.stack.size());
    copy = std::max(copy, space.copy.size());
  }
  for (auto& space : factor.thread_space) {
    if (space.front.size() < front) space.front.resize(front);
    if (space.stack.size() < stack) space.stack.resize(stack);
    if (space.copy.size() < copy) space.copy.resize(copy);
  }
  std::size_t scalars = factor.contribution_space.size();
  for (const auto& space : factor.thread_space) {
    scalars += space.front.size() + space.stack.size() + space.copy.size();
  }
  for (const auto& overflow : factor.contribution_overflow) scalars += overflow.size();
  factor.working_scalars = static_cast<std::int64_t>(scalars);
}

template <class Scalar, class Index>
void factor_supernodal_block(const BlockValues<Scalar, Index>& block,
                             const SupernodalStructure<Index>& structure, const Options& options,
                             bool parallel, SupernodalFactor<Scalar, Index>& factor,
                             BlockOutcome& outcome) {
  using Real = real_type_t<Scalar>;
  if (factor.fronts.size() != static_cast<std::size_t>(structure.count)) {
    prepare_supernodal_factor(structure, factor);
  }
  prepare_working_memory(structure, parallel, factor);
  compute_column_max(block, factor.column_max);
  Sweep<Scalar, Index> sweep(block, structure, factor, FrontMode::pivoting, parallel);
  sweep.pivot_threshold = static_cast<Real>(options.pivot_threshold);
  sweep.perturbation = options.perturb_singular_pivots ? block.perturbation : Real{0};
  sweep.run();
  even_out_thread_space(factor);
  merge_front_outcomes(structure, factor, outcome);
  if (outcome.singular_column >= 0) return;
  // The block's pivot sequence, and what was delayed.
  std::size_t next = 0;
  factor.delayed = 0;
  factor.largest_front = 0;
  for (Index s = 0; s < structure.count; ++s) {
    const auto& front = factor.fronts[s];
    for (Index k = 0; k < front.eliminated; ++k, ++next) {
      factor.pivot_rows[next] = front.rows[k];
      factor.pivot_cols[next] = front.cols[k];
    }
    factor.delayed += front.fully_summed - front.eliminated;
    factor.largest_front = std::max<std::int64_t>(factor.largest_front, front.order);
  }
  outcome.delayed_pivots = factor.delayed;
}

template <class Scalar, class Index>
bool refactor_supernodal_block(const BlockValues<Scalar, Index>& block,
                               const SupernodalStructure<Index>& structure,
                               real_type_t<Scalar> threshold, bool parallel,
                               SupernodalFactor<Scalar, Index>& factor, BlockOutcome& outcome) {
  prepare_working_memory(structure, parallel, factor);
  compute_column_max(block, factor.column_max);
  Sweep<Scalar, Index> sweep(block, structure, factor, FrontMode::fixed, parallel);
  sweep.guard_threshold = threshold;
  if (!sweep.run()) return false;
  BlockOutcome merged;
  merge_front_outcomes(structure, factor, merged);
  if (merged.singular_column >= 0) return false;
  outcome.flops += merged.flops;
  outcome.off_diagonal_pivots += merged.off_diagonal_pivots;
  outcome.delayed_pivots = factor.delayed;
  outcome.growth = std::max(outcome.growth, merged.growth);
  return true;
}

template <class Scalar, class Index>
void count_supernodal_entries(const SupernodalFactor<Scalar, Index>& factor, std::int64_t& L,
                              std::int64_t& U) {
  for (const auto& front : factor.fronts) {
    const std::int64_t m = front.order;
    const std::int64_t e = front.eliminated;
    L += m * e - e * (e + 1) / 2;
    U += e * (e + 1) / 2 + e * (m - e);
  }
}

#define LUPINE_INSTANTIATE_SUPERNODAL(Scalar, Index)                                              \
  template void prepare_supernodal_factor(const SupernodalStructure<Index>&,                      \
                                          SupernodalFactor<Scalar, Index>&);                      \
  template void factor_supernodal_block(const BlockValues<Scalar, Index>&,                        \
                                        const SupernodalStructure<Index>&, const Options&, bool,  \
                                        SupernodalFactor<Scalar, Index>&, BlockOutcome&);         \
  template bool refactor_supernodal_block(const BlockValues<Scalar, Index>&,                      \
                                          const SupernodalStructure<Index>&, real_type_t<Scalar>, \
                                          bool, SupernodalFactor<Scalar, Index>&, BlockOutcome&); \
  template void count_supernodal_entries(const SupernodalFactor<Scalar, Index>&, std::int64_t&,   \
                                         std::int64_t&);

LUPINE_INSTANTIATE_SUPERNODAL(double, std::int32_t)
LUPINE_INSTANTIATE_SUPERNODAL(double, std::int64_t)
LUPINE_INSTANTIATE_SUPERNODAL(std::complex<double>, std::int32_t)
LUPINE_INSTANTIATE_SUPERNODAL(std::complex<double>, std::int64_t)

}  // namespace lupine::detail
