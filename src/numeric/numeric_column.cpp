#include "numeric/numeric_column.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <complex>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "core/parallel.hpp"
#include "core/scalar.hpp"
#include "numeric/dense_tail.hpp"
#include "symbolic/column_reach.hpp"

namespace lupine::detail {
namespace {

// The reach of A(:,k) (symbolic/column_reach.hpp) in the L columns computed so far.
template <class Scalar, class Index>
[[gnu::always_inline]] inline Index compute_reach(const BlockValues<Scalar, Index>& block, Index k,
                                                  const Index* pinv,
                                                  const ColumnFactor<Scalar, Index>& factor,
                                                  ColumnWorkspace<Scalar, Index>& ws) {
  ReachSpace<Index> space;
  space.stack = ws.stack.data();
  space.visited = ws.visited.data();
  space.next_child = ws.next_child.data();
  space.reach = ws.reach.data();
  space.pruned_length = ws.pruned_length.data();
  return column_reach(
      block.size, block.rows + block.col_ptr[k], block.col_ptr[k + 1] - block.col_ptr[k], k,
      [pinv](Index i) { return pinv[i]; }, factor.L_col_ptr.data(), factor.L_rows.data(), space);
}

template <class Scalar, class Index>
void prune(Index pivot_row, Index u_begin, Index u_end, const Index* pinv,
           ColumnFactor<Scalar, Index>& factor, ColumnWorkspace<Scalar, Index>& ws) {
  Scalar* L_values = factor.L_values.data();
  prune_columns(
      pivot_row, factor.U_rows.data(), u_begin, u_end, [pinv](Index i) { return pinv[i]; },
      factor.L_col_ptr.data(), factor.L_rows.data(), ws.pruned_length.data(),
      [L_values](Index a, Index b) { std::swap(L_values[a], L_values[b]); }, [](Index) {});
}

// Column k of a pivoting factorization up to its pivot: x = the scaled A(:,k), then the
// sparse triangular solve with the columns of L in topological order (reach[top..n)). The
// pivotal rows it finishes are appended to U in this order (a valid order for
// refactorization); the rows still free are listed in `candidates`. Returns their count.
template <class Scalar, class Index>
[[gnu::always_inline]] inline Index solve_column(const BlockValues<Scalar, Index>& block, Index k,
                                                 Index top, const Index* pinv,
                                                 ColumnFactor<Scalar, Index>& factor,
                                                 ColumnWorkspace<Scalar, Index>& ws,
                                                 Index* candidates, std::size_t& U_count,
                                                 real_type_t<Scalar>& column_max_a,
                                                 real_type_t<Scalar>& column_max_u, double& flops) {
  using Real = real_type_t<Scalar>;
  Scalar* x = ws.x.data();
  const Index* reach = ws.reach.data();
  const Index* L_col_ptr = factor.L_col_ptr.data();
  const Index* L_rows = factor.L_rows.data();
  const Scalar* L_values = factor.L_values.data();
  Index* U_rows = factor.U_rows.data();
  Scalar* U_values = factor.U_values.data();
  for (Index p = block.col_ptr[k]; p < block.col_ptr[k + 1]; ++p) {
    const Index i = block.rows[p];
    const Scalar value = block.values[block.source[p]] * block.row_scale[i];
    x[i] = value;
    column_max_a = std::max<Real>(column_max_a, magnitude(value));
  }
  Index candidate_count = 0;
  for (Index t = top; t < block.size; ++t) {
    const Index i = reach[t];
    const Index j = pinv[i];
    if (j < 0) {
      candidates[candidate_count++] = i;
      continue;
    }
    const Scalar xj = x[i];
    x[i] = Scalar{0};
    U_rows[U_count] = j;
    U_values[U_count++] = xj;
    column_max_u = std::max<Real>(column_max_u, magnitude(xj));
    const Index begin = L_col_ptr[j];
    const Index end = L_col_ptr[j + 1];
    for (Index p = begin; p < end; ++p) x[L_rows[p]] -= L_values[p] * xj;
    flops += 2.0 * static_cast<double>(end - begin);
  }
  return candidate_count;
}

// The block's last `tail` columns as one dense front (dense_tail.hpp): each column's sparse
// triangular solve with the L columns before the tail, as in the main loop, gives its U
// entries above the tail, and its entries in the rows still free go to the front, which is
// then factored with the same threshold pivoting. Front rows: local row `start + c` at
// position c when it is free (so that the front's diagonal preference is the main loop's),
// the other free rows in the other positions. U's entries inside the tail follow the others
// in each column, in front order (a valid update order for refactorization). Returns false,
// with pinv, the stamps, x and the U count as at column `start`, when the front cannot be
// completed as it stands; the main loop then goes on column by column.
// Kept out of line: inlined into the column loop, it slowed every column.
template <class Scalar, class Index, class MakeRoom>
[[gnu::noinline]] bool factor_tail(const BlockValues<Scalar, Index>& block, const Options& options,
                                   Index tail, const DiagonalPivotPattern<Index>* presumed,
                                   Index* pinv, ColumnFactor<Scalar, Index>& factor,
                                   ColumnWorkspace<Scalar, Index>& ws, std::size_t& L_count,
                                   std::size_t& U_count, std::size_t limit, double& flops,
                                   Scalar* diagonal, BlockOutcome& outcome, MakeRoom&& make_room) {
  using Real = real_type_t<Scalar>;
  const Index n = block.size;
  const Index start = n - tail;
  const std::size_t t = static_cast<std::size_t>(tail);
  prepare_dense_tail(factor, n, tail);
  Index* front_rows = factor.tail_rows.data();
  std::fill(front_rows, front_rows + t, Index{-1});
  for (Index c = 0; c < tail; ++c) {
    if (pinv[start + c] < 0) front_rows[c] = start + c;
  }
  Index position = 0;
  for (Index i = 0; i < start; ++i) {
    if (pinv[i] >= 0) continue;
    while (front_rows[position] >= 0) ++position;
    front_rows[position] = i;
  }
  // A free row's pinv is -2 - its front position: still negative, as the search expects.
  for (Index c = 0; c < tail; ++c) pinv[front_rows[c]] = -2 - c;
  Scalar* x = ws.x.data();
  Index* candidates = ws.stack.data();  // the search is over once the reach is known
  const std::size_t U_start = U_count;
  double tail_flops = 0;
  // Past `limit` entries the main loop reports the overflow, column by column: give it back.
  bool complete = L_count + t * (t - 1) / 2 <= limit;
  for (Index c = 0; c < tail && complete; ++c) {
    const Index k = start + c;
    Index top = n;
    if (presumed != nullptr) {
      // Every column before the tail took its diagonal: analysis found this search's result.
      const Index* begin = presumed->tail_reach + presumed->tail_reach_ptr[c];
      const Index* end = presumed->tail_reach + presumed->tail_reach_ptr[c + 1];
      top = n - static_cast<Index>(end - begin);
      std::copy(begin, end, ws.reach.begin() + top);
    } else {
      top = compute_reach(block, k, pinv, factor, ws);
    }
    make_room(static_cast<std::size_t>(n - top + c) + 1);
    Real column_max_a = 0;
    Real column_max_u = 0;
    const Index candidate_count = solve_column(block, k, top, pinv, factor, ws, candidates, U_count,
                                               column_max_a, column_max_u, tail_flops);
    Scalar* column = factor.tail_front.data() + static_cast<std::size_t>(c) * t;
    for (Index q = 0; q < candidate_count; ++q) {
      const Index i = candidates[q];
      column[-2 - pinv[i]] = x[i];
      x[i] = Scalar{0};
    }
    Index* U_rows = factor.U_rows.data();
    for (Index r = 0; r < c; ++r) U_rows[U_count++] = start + r;
    factor.U_col_ptr[k + 1] = static_cast<Index>(U_count);
    factor.tail_column_max[2 * static_cast<std::size_t>(c)] = column_max_a;
    factor.tail_column_max[2 * static_cast<std::size_t>(c) + 1] = column_max_u;
    complete = U_count <= limit;
  }
  // Refactorization eliminates the front with its rows already in pivot order. Where pivoting
  // moved rows, the blocked kernel rounds otherwise than on rows in place, so the front is
  // then eliminated once more, in pivot order, from its values before pivoting: every
  // refactorization with these values reproduces the factors bit for bit.
  // (With perturbed pivots the reuse is the guard's to judge: no replay.)
  FrontOutcome front;
  if (complete) {
    Scalar* before_pivoting = factor.tail_before_pivoting.data();
    std::copy(factor.tail_front.begin(), factor.tail_front.end(), before_pivoting);
    const Real perturbation = options.perturb_singular_pivots ? block.perturbation : Real{0};
    eliminate_dense_tail(factor, FrontMode::pivoting, static_cast<Real>(options.pivot_threshold),
                         perturbation, front);
    complete = dense_tail_complete(factor, front);
    bool moved = false;
    for (Index c = 0; c < tail && complete; ++c) moved = moved || pinv[front_rows[c]] != -2 - c;
    if (moved && front.perturbed_pivots == 0) {
      Scalar* values = factor.tail_front.data();
      for (std::size_t r = 0; r < t; ++r) {
        const std::size_t first = static_cast<std::size_t>(-2 - pinv[front_rows[r]]);
        for (std::size_t c = 0; c < t; ++c) values[c * t + r] = before_pivoting[c * t + first];
      }
      FrontOutcome replay;
      eliminate_dense_tail(factor, FrontMode::fixed, Real{0}, Real{0}, replay);
      complete = replay.guard_failed_at < 0 && replay.non_finite_at < 0;
    }
  }
  if (!complete) {
    for (Index c = 0; c < tail; ++c) pinv[front_rows[c]] = -1;
    std::fill(ws.visited.begin(), ws.visited.begin() + n, Index{-1});
    U_count = U_start;
    return false;
  }
  make_room(t * t);
  Index* L_rows = factor.L_rows.data();
  for (Index c = 0; c < tail; ++c) {
    pinv[front_rows[c]] = start + c;
    // Rows stay pre-pivot here, like the other columns' until the end of the factorization.
    for (Index r = c + 1; r < tail; ++r) L_rows[L_count++] = front_rows[r];
    factor.L_col_ptr[start + c + 1] = static_cast<Index>(L_count);
  }
  store_dense_tail(factor, n, diagonal, outcome.growth, outcome.smallest_pivot_ratio);
  outcome.off_diagonal_pivots += front.off_diagonal_pivots;
  outcome.perturbed_pivots += front.perturbed_pivots;
  flops += tail_flops + front.flops;
  factor.dense_tail = tail;
  return true;
}

// L's and U's rows of a factorization: the factor's own, or analysis's pattern.
template <class Index>
struct ColumnPattern {
  const Index* L_col_ptr;
  const Index* L_rows;
  const Index* U_col_ptr;
  const Index* U_rows;
};

template <class Scalar, class Index>
ColumnPattern<Index> pattern_of(const ColumnFactor<Scalar, Index>& factor) {
  return {factor.L_col_ptr.data(), factor.L_rows.data(), factor.U_col_ptr.data(),
          factor.U_rows.data()};
}

// work = the scaled A(:,k), row i at position(i), brought up to date with U(:,k)'s entries in
// [U_col_ptr[k], U_end) in their order (their values stored in U_values). before_update(j) is
// called before column j's L is used; the column is abandoned, half done, when it returns
// false. The one update loop of refactorization and of presumed pivots: the same arithmetic,
// so the same bits.
template <class Scalar, class Index, class Position, class BeforeUpdate>
[[gnu::always_inline]] inline bool update_column(
    const BlockValues<Scalar, Index>& block, Position&& position,
    const ColumnPattern<Index>& pattern, const Scalar* L_values, Scalar* U_values, Scalar* work,
    Index k, Index U_end, real_type_t<Scalar>& column_max_a, real_type_t<Scalar>& column_max_u,
    BeforeUpdate&& before_update) {
  using Real = real_type_t<Scalar>;
  const Index* L_col_ptr = pattern.L_col_ptr;
  const Index* L_rows = pattern.L_rows;
  const Index* U_rows = pattern.U_rows;
  for (Index p = block.col_ptr[k]; p < block.col_ptr[k + 1]; ++p) {
    const Index i = block.rows[p];
    const Scalar value = block.values[block.source[p]] * block.row_scale[i];
    work[position(i)] = value;
    column_max_a = std::max<Real>(column_max_a, magnitude(value));
  }
  for (Index q = pattern.U_col_ptr[k]; q < U_end; ++q) {
    const Index j = U_rows[q];
    if (!before_update(j)) return false;
    const Scalar xj = work[j];
    work[j] = Scalar{0};
    U_values[q] = xj;
    column_max_u = std::max<Real>(column_max_u, magnitude(xj));
    for (Index p = L_col_ptr[j]; p < L_col_ptr[j + 1]; ++p) work[L_rows[p]] -= L_values[p] * xj;
  }
  return true;
}

// The block's first columns along the pattern analysis found for diagonal pivots
// (block.presumed): the searching kernel's arithmetic in its order, without its searches, as
// long as each diagonal passes the test by which that kernel would keep it (and needs no
// perturbation). The pattern's L and U rows are in the kernel's order, so the factors are its
// bits. Returns the columns done, with their rows copied into the factor, x zero and the
// pruning state the kernel would have there, so that it can go on from that column.
template <class Scalar, class Index>
Index factor_presumed_columns(const BlockValues<Scalar, Index>& block, const Options& options,
                              std::size_t limit, Index* pinv, ColumnFactor<Scalar, Index>& factor,
                              ColumnWorkspace<Scalar, Index>& ws, Scalar* diagonal,
                              BlockOutcome& outcome, double& flops) {
  using Real = real_type_t<Scalar>;
  const DiagonalPivotPattern<Index>& presumed = block.presumed;
  const std::size_t n = static_cast<std::size_t>(block.size);
  // Past `limit` entries the kernel reports the overflow at the column that makes it.
  Index columns = presumed.columns;
  while (columns > 0 && (static_cast<std::size_t>(presumed.L_col_ptr[columns]) > limit ||
                         static_cast<std::size_t>(presumed.U_col_ptr[columns]) > limit)) {
    --columns;
  }
  const std::size_t L_total = static_cast<std::size_t>(presumed.L_col_ptr[columns]);
  const std::size_t U_total = static_cast<std::size_t>(presumed.U_col_ptr[columns]);
  if (factor.L_rows.size() < L_total + n + 1) {
    factor.L_rows.resize(L_total + n + 1);
    factor.L_values.resize(L_total + n + 1);
  }
  if (factor.U_rows.size() < U_total + n + 1) {
    factor.U_rows.resize(U_total + n + 1);
    factor.U_values.resize(U_total + n + 1);
  }
  const Real tau = static_cast<Real>(options.pivot_threshold);
  const Real smallest_kept = options.perturb_singular_pivots ? block.perturbation : Real{0};
  Scalar* x = ws.x.data();
  // Rows are read from the pattern and copied for the columns done, once they are known.
  const ColumnPattern<Index> pattern{presumed.L_col_ptr, presumed.L_rows, presumed.U_col_ptr,
                                     presumed.U_rows};
  const Index* L_col_ptr = pattern.L_col_ptr;
  const Index* L_rows = pattern.L_rows;
  Scalar* L_values = factor.L_values.data();
  const Index* U_col_ptr = pattern.U_col_ptr;
  const Index* U_rows = pattern.U_rows;
  Scalar* U_values = factor.U_values.data();
  Index k = 0;
  for (; k < columns; ++k) {
    Real column_max_a = 0;
    Real column_max_u = 0;
    double column_flops = 0;  // counted once the column is kept: the kernel redoes a rejected one
    update_column(
        block, [](Index i) { return i; }, pattern, L_values, U_values, x, k, U_col_ptr[k + 1],
        column_max_a, column_max_u,
        [&](Index j) {
          column_flops += 2.0 * static_cast<double>(L_col_ptr[j + 1] - L_col_ptr[j]);
          return true;
        });
    const Scalar pivot = x[k];
    const Real pivot_size = magnitude(pivot);
    Real largest = pivot_size;
    bool finite = std::isfinite(pivot_size);
    for (Index p = L_col_ptr[k]; p < L_col_ptr[k + 1]; ++p) {
      const Real size = magnitude(x[L_rows[p]]);
      if (!std::isfinite(size)) finite = false;
      largest = std::max(largest, size);
    }
    if (!finite || !(pivot_size > 0) || !(pivot_size >= tau * largest) ||
        pivot_size < smallest_kept) {
      x[k] = Scalar{0};
      for (Index p = L_col_ptr[k]; p < L_col_ptr[k + 1]; ++p) x[L_rows[p]] = Scalar{0};
      break;
    }
    column_max_u = std::max<Real>(column_max_u, pivot_size);
    outcome.smallest_pivot_ratio =
        std::min<double>(outcome.smallest_pivot_ratio, pivot_size / largest);
    diagonal[k] = pivot;
    x[k] = Scalar{0};
    pinv[k] = k;
    for (Index p = L_col_ptr[k]; p < L_col_ptr[k + 1]; ++p) {
      const Index i = L_rows[p];
      L_values[p] = x[i] / pivot;
      x[i] = Scalar{0};
    }
    flops += column_flops + static_cast<double>(L_col_ptr[k + 1] - L_col_ptr[k]);
    if (column_max_a > 0) {
      outcome.growth = std::max<double>(outcome.growth, column_max_u / column_max_a);
    }
  }
  const std::size_t done = static_cast<std::size_t>(k);
  std::copy(L_col_ptr, L_col_ptr + done + 1, factor.L_col_ptr.begin());
  std::copy(U_col_ptr, U_col_ptr + done + 1, factor.U_col_ptr.begin());
  std::copy(L_rows, L_rows + L_col_ptr[k], factor.L_rows.begin());
  std::copy(U_rows, U_rows + U_col_ptr[k], factor.U_rows.begin());
  for (Index j = 0; j < k; ++j) {
    if (presumed.pruned_after[j] < k) ws.pruned_length[j] = presumed.pruned_length[j];
  }
  outcome.presumed_pivot_columns += k;
  return k;
}

}  // namespace

template <class Scalar, class Index>
void factor_column_block(const BlockValues<Scalar, Index>& block, const Options& options,
                         ColumnWorkspace<Scalar, Index>& ws, ColumnFactor<Scalar, Index>& factor,
                         Scalar* diagonal, Index* pivot_of_row, BlockOutcome& outcome) {
  using Real = real_type_t<Scalar>;
  const Index n = block.size;
  // Stamps of an earlier block may equal this block's column numbers: clear them.
  std::fill(ws.visited.begin(), ws.visited.begin() + n, Index{-1});
  std::fill(ws.pruned_length.begin(), ws.pruned_length.begin() + n, Index{-1});
  Index* pinv = pivot_of_row;
  std::fill(pinv, pinv + n, Index{-1});
  factor.L_col_ptr.assign(static_cast<std::size_t>(n) + 1, 0);
  factor.U_col_ptr.assign(static_cast<std::size_t>(n) + 1, 0);
  // L and U grow by at most the reach of a column; their arrays are kept at a capacity that
  // covers the next column, so the inner loops store through plain pointers.
  std::size_t L_count = 0;
  std::size_t U_count = 0;
  // The counts live in L_col_ptr / U_col_ptr, so neither may pass what Index addresses; the
  // arrays never need more than that plus one column (a column is checked once written).
  const std::size_t limit =
      static_cast<std::size_t>(std::min(block.entry_limit, index_limit<Index>()));
  const std::size_t largest_size = limit + static_cast<std::size_t>(n) + 1;
  // Start from analysis's prediction (split evenly between L and U) so that growth, and its
  // copies, are the exception.
  const std::size_t predicted_half = std::min(
      static_cast<std::size_t>(std::max<std::int64_t>(block.predicted_lu_nnz - n, 0) / 2 + n + 1),
      largest_size);
  if (factor.L_rows.size() < predicted_half) {
    factor.L_rows.resize(predicted_half);
    factor.L_values.resize(predicted_half);
  }
  if (factor.U_rows.size() < predicted_half) {
    factor.U_rows.resize(predicted_half);
    factor.U_values.resize(predicted_half);
  }
  // Both run once a column and have a second caller (factor_tail): kept inline, as with one.
  auto make_room = [&factor, &L_count, &U_count, largest_size ](std::size_t needed)
      __attribute__((always_inline)) {
    auto grow = [needed, largest_size](auto& rows, auto& values, std::size_t used) {
      if (used + needed <= rows.size()) return;
      const std::size_t size =
          std::min(std::max(2 * rows.size(), used + needed + 1024), largest_size);
      rows.resize(size);
      values.resize(size);
    };
    grow(factor.L_rows, factor.L_values, L_count);
    grow(factor.U_rows, factor.U_values, U_count);
  };
  // Pivoting filled more than the analysis predicted (it had checked its prediction). The
  // columns so far are complete and x is zero again, so the workspace stays usable.
  auto check_counts = [&](Index columns_done) __attribute__((always_inline)) {
    if (L_count <= limit && U_count <= limit) return;
    const bool lower = L_count > limit;
    throw_index_overflow<Index>(std::string("nnz(") + (lower ? "L" : "U") +
                                    ") of a column-path block of order " + std::to_string(n) +
                                    " after " + std::to_string(columns_done) +
                                    " columns (pivoting filled more than the predicted nnz(L+U) " +
                                    std::to_string(block.predicted_lu_nnz) + ")",
                                static_cast<std::int64_t>(lower ? L_count : U_count));
  };
  const Real tau = static_cast<Real>(options.pivot_threshold);
  Index first_free_row = 0;  // scan start for a non-pivotal row when perturbing
  double flops = 0;
  Scalar* x = ws.x.data();
  Index* candidates = ws.stack.data();  // the search is over once the reach is known
  factor.dense_tail = 0;
  const Index tail_start = block.dense_tail > 0 ? n - block.dense_tail : n;
  Index first_searched = 0;
  if (block.presumed.columns > 0) {
    first_searched =
        factor_presumed_columns(block, options, limit, pinv, factor, ws, diagonal, outcome, flops);
    L_count = static_cast<std::size_t>(factor.L_col_ptr[first_searched]);
    U_count = static_cast<std::size_t>(factor.U_col_ptr[first_searched]);
  }

  // When every column before the dense tail took its diagonal, the tail's searches are known.
  const bool presumed_tail = first_searched == tail_start && block.presumed.tail > 0;

  for (Index k = first_searched; k < n; ++k) {
    if (k == tail_start &&
        factor_tail(block, options, block.dense_tail, presumed_tail ? &block.presumed : nullptr,
                    pinv, factor, ws, L_count, U_count, limit, flops, diagonal, outcome,
                    make_room)) {
      check_counts(n);
      break;
    }
    Index top = compute_reach(block, k, pinv, factor, ws);
    make_room(static_cast<std::size_t>(n - top) + 1);
    Index* L_rows = factor.L_rows.data();
    Scalar* L_values = factor.L_values.data();

    // The pivotal rows of the reach become U(:,k), the others are the pivot candidates.
    const std::size_t U_begin = U_count;
    Real column_max_a = 0;
    Real column_max_u = 0;
    Index candidate_count = solve_column(block, k, top, pinv, factor, ws, candidates, U_count,
                                         column_max_a, column_max_u, flops);

    // Threshold partial pivoting with a preference for the diagonal (local row k).
    Real largest = 0;
    Index pivot_row = -1;
    bool finite = true;
    for (Index c = 0; c < candidate_count; ++c) {
      const Index i = candidates[c];
      const Real size = magnitude(x[i]);
      if (!std::isfinite(size)) finite = false;
      // Ties go to the lowest row, as in LAPACK, so results do not depend on search order.
      if (size > largest || pivot_row < 0 || (size == largest && i < pivot_row)) {
        largest = size;
        pivot_row = i;
      }
    }
    if (pivot_row >= 0 && largest > 0 && pinv[k] < 0 && ws.visited[k] == k && magnitude(x[k]) > 0 &&
        magnitude(x[k]) >= tau * largest) {
      pivot_row = k;
    }
    if (!finite || pivot_row < 0 || !(largest > 0)) {
      if (!finite || !options.perturb_singular_pivots) {
        for (Index c = 0; c < candidate_count; ++c) x[candidates[c]] = Scalar{0};
        outcome.singular_column = k;
        outcome.non_finite = !finite;
        return;
      }
      // Replace the missing pivot by a small one, on the diagonal when it is still free.
      if (pinv[k] < 0) {
        pivot_row = k;
      } else if (pivot_row < 0) {
        while (pinv[first_free_row] >= 0) ++first_free_row;
        pivot_row = first_free_row;
      }
      if (ws.visited[pivot_row] != k) {
        ws.visited[pivot_row] = k;
        candidates[candidate_count++] = pivot_row;
      }
      x[pivot_row] = Scalar{block.perturbation};
      ++outcome.perturbed_pivots;
    } else if (options.perturb_singular_pivots && magnitude(x[pivot_row]) < block.perturbation) {
      // Static pivoting: a pivot this small is raised to the perturbation, its sign kept;
      // refinement then makes up for the change.
      x[pivot_row] *= block.perturbation / std::abs(x[pivot_row]);
      ++outcome.perturbed_pivots;
    }
    const Scalar pivot = x[pivot_row];
    column_max_u = std::max<Real>(column_max_u, magnitude(pivot));
    if (largest > 0) {
      outcome.smallest_pivot_ratio =
          std::min<double>(outcome.smallest_pivot_ratio, magnitude(pivot) / largest);
    }
    diagonal[k] = pivot;
    x[pivot_row] = Scalar{0};
    pinv[pivot_row] = k;
    if (pivot_row != k) ++outcome.off_diagonal_pivots;
    // L(:,k): the other candidate rows divided by the pivot (rows still pre-pivot).
    const std::size_t L_begin = L_count;
    for (Index c = 0; c < candidate_count; ++c) {
      const Index i = candidates[c];
      if (i == pivot_row) continue;
      L_rows[L_count] = i;
      L_values[L_count++] = x[i] / pivot;
      x[i] = Scalar{0};
    }
    check_counts(k + 1);
    factor.L_col_ptr[k + 1] = static_cast<Index>(L_count);
    factor.U_col_ptr[k + 1] = static_cast<Index>(U_count);
    flops += static_cast<double>(L_count - L_begin);
    if (column_max_a > 0) {
      outcome.growth = std::max<double>(outcome.growth, column_max_u / column_max_a);
    }
    prune(pivot_row, static_cast<Index>(U_begin), static_cast<Index>(U_count), pinv, factor, ws);
  }
  // Keep one column's worth of slack so that factoring the same pattern again does not grow
  // (and re-zero) the arrays; the counts are L_col_ptr[n] and U_col_ptr[n].
  const std::size_t slack = static_cast<std::size_t>(n) + 1;
  factor.L_rows.resize(L_count + slack);
  factor.L_values.resize(L_count + slack);
  factor.U_rows.resize(U_count + slack);
  factor.U_values.resize(U_count + slack);
  // From here on L's rows are pivoted positions, like U's.
  for (std::size_t p = 0; p < L_count; ++p) factor.L_rows[p] = pinv[factor.L_rows[p]];
  factor.flops = flops;
  outcome.flops += flops;
}

namespace {

enum class ColumnResult { done, guard_failed, stopped };

// Refactors column k into `work` (zero on entry and on exit, whatever the result).
// wait_for(j) is called before column j's L is used; it returns false when the whole
// refactorization was called off, and the column is then abandoned.
template <class Scalar, class Index, class WaitFor>
ColumnResult refactor_column(const BlockValues<Scalar, Index>& block, real_type_t<Scalar> threshold,
                             const Index* pivot_of_row, ColumnFactor<Scalar, Index>& factor,
                             Scalar* diagonal, Scalar* work, Index k, ColumnRun& run,
                             WaitFor&& wait_for) {
  using Real = real_type_t<Scalar>;
  const Index* L_col_ptr = factor.L_col_ptr.data();
  const Index* L_rows = factor.L_rows.data();
  Scalar* L_values = factor.L_values.data();
  const Index* U_col_ptr = factor.U_col_ptr.data();
  const Index* U_rows = factor.U_rows.data();
  auto clear_column = [&] {
    for (Index q = U_col_ptr[k]; q < U_col_ptr[k + 1]; ++q) work[U_rows[q]] = Scalar{0};
    work[k] = Scalar{0};
    for (Index p = L_col_ptr[k]; p < L_col_ptr[k + 1]; ++p) work[L_rows[p]] = Scalar{0};
  };
  Real column_max_a = 0;
  Real column_max_u = 0;
  if (!update_column(
          block, [pivot_of_row](Index i) { return pivot_of_row[i]; }, pattern_of(factor), L_values,
          factor.U_values.data(), work, k, U_col_ptr[k + 1], column_max_a, column_max_u,
          wait_for)) {
    clear_column();
    return ColumnResult::stopped;
  }
  const Scalar pivot = work[k];
  work[k] = Scalar{0};
  const Real pivot_size = magnitude(pivot);
  Real column_max = pivot_size;
  Real column_sum = pivot_size;  // not finite iff some entry is not finite
  // L(:,k) is written before the pivot is checked, in the same pass: a rejected pivot sends
  // the whole block to a pivoting factorization, which writes L afresh, and no other column
  // reads L(:,k) before this one is done.
  for (Index p = L_col_ptr[k]; p < L_col_ptr[k + 1]; ++p) {
    const Index i = L_rows[p];
    const Scalar value = work[i];
    work[i] = Scalar{0};
    const Real size = magnitude(value);
    column_max = std::max(column_max, size);
    column_sum += size;
    L_values[p] = value / pivot;
  }
  if (!std::isfinite(column_sum) || !(pivot_size > 0) || !(pivot_size >= threshold * column_max) ||
      !is_finite_value(pivot)) {
    return ColumnResult::guard_failed;
  }
  diagonal[k] = pivot;
  run.smallest_pivot_ratio = std::min<double>(run.smallest_pivot_ratio, pivot_size / column_max);
  column_max_u = std::max(column_max_u, pivot_size);
  if (column_max_a > 0) run.growth = std::max<double>(run.growth, column_max_u / column_max_a);
  return ColumnResult::done;
}

// Refactors the dense tail with the pivots it had (`work` zero on entry and on exit): each
// tail column brought up to date with the U entries above the tail, as refactor_column does,
// into the front, then one fixed-order elimination with the same guard. `failed` gets the
// column whose pivot failed.
template <class Scalar, class Index>
ColumnResult refactor_tail(const BlockValues<Scalar, Index>& block, real_type_t<Scalar> threshold,
                           const Index* pivot_of_row, ColumnFactor<Scalar, Index>& factor,
                           Scalar* diagonal, Scalar* work, ColumnRun& run, Index& failed) {
  using Real = real_type_t<Scalar>;
  const Index n = block.size;
  const Index tail = factor.dense_tail;
  const Index start = n - tail;
  const std::size_t t = static_cast<std::size_t>(tail);
  const Index* U_col_ptr = factor.U_col_ptr.data();
  for (Index c = 0; c < tail; ++c) {
    const Index k = start + c;
    Real column_max_a = 0;
    Real column_max_u = 0;
    update_column(
        block, [pivot_of_row](Index i) { return pivot_of_row[i]; }, pattern_of(factor),
        factor.L_values.data(), factor.U_values.data(), work, k, U_col_ptr[k + 1] - c, column_max_a,
        column_max_u, [](Index) { return true; });
    Scalar* column = factor.tail_front.data() + static_cast<std::size_t>(c) * t;
    for (std::size_t r = 0; r < t; ++r) {
      column[r] = work[static_cast<std::size_t>(start) + r];
      work[static_cast<std::size_t>(start) + r] = Scalar{0};
    }
    factor.tail_column_max[2 * static_cast<std::size_t>(c)] = column_max_a;
    factor.tail_column_max[2 * static_cast<std::size_t>(c) + 1] = column_max_u;
  }
  FrontOutcome front;
  eliminate_dense_tail(factor, FrontMode::fixed, threshold, Real{0}, front);
  const std::int64_t stop =
      front.guard_failed_at >= 0 ? front.guard_failed_at : front.non_finite_at;
  if (stop >= 0) {
    failed = start + static_cast<Index>(stop);
    return ColumnResult::guard_failed;
  }
  store_dense_tail(factor, n, diagonal, run.growth, run.smallest_pivot_ratio);
  return ColumnResult::done;
}

void merge_run(const ColumnRun& run, BlockOutcome& outcome) {
  outcome.growth = std::max(outcome.growth, run.growth);
  outcome.smallest_pivot_ratio = std::min(outcome.smallest_pivot_ratio, run.smallest_pivot_ratio);
}

}  // namespace

template <class Scalar, class Index>
bool refactor_column_block(const BlockValues<Scalar, Index>& block, real_type_t<Scalar> threshold,
                           const Index* pivot_of_row, ColumnFactor<Scalar, Index>& factor,
                           Scalar* diagonal, Scalar* work, BlockOutcome& outcome) {
  ColumnRun run;
  for (Index k = 0; k < block.size - factor.dense_tail; ++k) {
    const ColumnResult result = refactor_column(block, threshold, pivot_of_row, factor, diagonal,
                                                work, k, run, [](Index) { return true; });
    if (result != ColumnResult::done) {
      outcome.singular_column = k;
      return false;
    }
  }
  if (factor.dense_tail > 0) {
    Index failed = 0;
    if (refactor_tail(block, threshold, pivot_of_row, factor, diagonal, work, run, failed) !=
        ColumnResult::done) {
      outcome.singular_column = failed;
      return false;
    }
  }
  merge_run(run, outcome);
  outcome.flops += factor.flops;
  return true;
}

template <class Scalar, class Index>
bool refactor_column_block_parallel(const BlockValues<Scalar, Index>& block,
                                    real_type_t<Scalar> threshold, const Index* pivot_of_row,
                                    ColumnFactor<Scalar, Index>& factor, Scalar* diagonal,
                                    ParallelRefactorSpace<Scalar>& space, BlockOutcome& outcome) {
  // The pipeline takes the columns before a dense tail; the tail follows on this thread.
  const Index n = block.size - factor.dense_tail;
  std::atomic<unsigned char>* done = space.done.get();
  for (Index k = 0; k < n; ++k) done[k].store(0, std::memory_order_relaxed);
  std::atomic<std::int64_t> next{0};
  std::atomic<bool> stop{false};
  std::atomic<std::int64_t> failed{n};
  const int tasks = space.tasks;
  std::vector<ColumnRun>& runs = space.runs;
  for (int t = 0; t < tasks; ++t) runs[static_cast<std::size_t>(t)] = ColumnRun{};
  // Columns are handed out in increasing order, each to whichever task asks next; a task
  // waits (spinning) for the columns its column depends on. The column being waited for was
  // handed out earlier to a running task, so no task waits for one that has not started.
  parallel_for_each<int>(0, tasks, 1, [&](int t) {
    Scalar* work = space.work.data() + static_cast<std::size_t>(t) * space.order;
    ColumnRun& run = runs[static_cast<std::size_t>(t)];
    auto wait_for = [&](Index j) {
      for (int spins = 0; !done[j].load(std::memory_order_acquire); ++spins) {
        if (stop.load(std::memory_order_relaxed)) return false;
        if (spins > 64) std::this_thread::yield();
      }
      return true;
    };
    while (!stop.load(std::memory_order_relaxed)) {
      const std::int64_t k = next.fetch_add(1, std::memory_order_relaxed);
      if (k >= n) break;
      const ColumnResult result = refactor_column(block, threshold, pivot_of_row, factor, diagonal,
                                                  work, static_cast<Index>(k), run, wait_for);
      if (result == ColumnResult::done) {
        done[k].store(1, std::memory_order_release);
        continue;
      }
      if (result == ColumnResult::guard_failed) {
        std::int64_t current = failed.load();
        while (k < current && !failed.compare_exchange_weak(current, k)) {
        }
      }
      stop.store(true);
      break;
    }
  });
  if (stop.load()) {
    outcome.singular_column = static_cast<Index>(std::min<std::int64_t>(failed.load(), n - 1));
    return false;
  }
  for (int t = 0; t < tasks; ++t) merge_run(runs[static_cast<std::size_t>(t)], outcome);
  if (factor.dense_tail > 0) {
    ColumnRun tail_run;
    Index tail_failed = 0;
    if (refactor_tail(block, threshold, pivot_of_row, factor, diagonal, space.work.data(), tail_run,
                      tail_failed) != ColumnResult::done) {
      outcome.singular_column = tail_failed;
      return false;
    }
    merge_run(tail_run, outcome);
  }
  outcome.flops += factor.flops;
  return true;
}

#define LUPINE_INSTANTIATE_COLUMN(Scalar, Index)                                                   \
  template void factor_column_block(const BlockValues<Scalar, Index>&, const Options&,             \
                                    ColumnWorkspace<Scalar, Index>&, ColumnFactor<Scalar, Index>&, \
                                    Scalar*, Index*, BlockOutcome&);                               \
  template bool refactor_column_block(const BlockValues<Scalar, Index>&, real_type_t<Scalar>,      \
                                      const Index*, ColumnFactor<Scalar, Index>&, Scalar*,         \
                                      Scalar*, BlockOutcome&);                                     \
  template bool refactor_column_block_parallel(                                                    \
      const BlockValues<Scalar, Index>&, real_type_t<Scalar>, const Index*,                        \
      ColumnFactor<Scalar, Index>&, Scalar*, ParallelRefactorSpace<Scalar>&, BlockOutcome&);

LUPINE_INSTANTIATE_COLUMN(double, std::int32_t)
LUPINE_INSTANTIATE_COLUMN(double, std::int64_t)
LUPINE_INSTANTIATE_COLUMN(std::complex<double>, std::int32_t)
LUPINE_INSTANTIATE_COLUMN(std::complex<double>, std::int64_t)

}  // namespace lupine::detail
