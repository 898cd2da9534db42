#include "numeric/front.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <limits>

#include "core/parallel.hpp"
#include "core/scalar.hpp"
#include "numeric/blas.hpp"

namespace lupine::detail {
namespace {

// Inner blocks keep the left-looking BLAS-2 work per column to at most 16 columns; outer
// blocks make the trailing GEMM's inner dimension 128 (on SkylakeX and Zen kernels DGEMM
// reaches its plateau from k = 64 up). Tiles of 256 columns give a root front of order 3000
// a dozen independent tasks per outer block.
constexpr std::int64_t kInnerBlock = 16;
constexpr std::int64_t kOuterBlock = 128;
constexpr std::int64_t kTileColumns = 256;
// Below this many flops a trailing update runs its tiles in the calling task: spawning
// costs about as much as 1e5 flops of DGEMM.
constexpr double kParallelUpdateFlops = 4e6;

template <class Scalar>
void swap_columns(Scalar* front, std::int64_t ld, std::int64_t rows, std::int64_t a,
                  std::int64_t b) {
  std::swap_ranges(front + a * ld, front + a * ld + rows, front + b * ld);
}

// The columns of a front: the fully summed ones [0, nfs) and the others apart.
template <class Scalar>
struct FrontColumns {
  Scalar* fully_summed;
  Scalar* trailing;
  std::int64_t ld;
  std::int64_t nfs;
  Scalar* column(std::int64_t j) const {
    return j < nfs ? fully_summed + j * ld : trailing + (j - nfs) * ld;
  }
};

// The update of columns [first, last) by the pivots [ps, k): U = L11⁻¹ A12 on the pivot
// rows [ps, k), then A22 -= L21 U on rows [k, m), one column tile at a time. The columns
// lie on one side of nfs (fully summed or not), so each tile is one BLAS operand.
template <class Scalar>
void update_columns(const FrontColumns<Scalar>& F, std::int64_t m, std::int64_t ps, std::int64_t k,
                    std::int64_t first, std::int64_t last, bool allow_parallel) {
  const std::int64_t width = k - ps;
  const std::int64_t columns = last - first;
  if (width <= 0 || columns <= 0) return;
  const std::int64_t ld = F.ld;
  const Scalar* L11 = F.column(ps) + ps;
  const Scalar* L21 = F.column(ps) + k;
  const std::int64_t tiles = (columns + kTileColumns - 1) / kTileColumns;
  auto update_tile = [&](std::int64_t tile) {
    const std::int64_t begin = first + tile * kTileColumns;
    const std::int64_t count = std::min(kTileColumns, last - begin);
    Scalar* U = F.column(begin) + ps;
    blas::trsm_unit_lower(width, count, L11, ld, U, ld);
    blas::gemm_minus(m - k, count, width, L21, ld, U, ld, U + width, ld);
  };
  const double flops =
      2.0 * static_cast<double>(m - k) * static_cast<double>(columns) * static_cast<double>(width);
  if (allow_parallel && tiles > 1 && flops >= kParallelUpdateFlops) {
    isolated_parallel_for_each<std::int64_t>(0, tiles, 1, update_tile);
  } else {
    for (std::int64_t tile = 0; tile < tiles; ++tile) update_tile(tile);
  }
}

// max |below[i]| over i < count in `column_max`; false when an entry is NaN or infinite
// (v * 0 is 0 for finite v and NaN otherwise; max() alone would skip a NaN).
template <class Scalar>
bool finite_column_max(const Scalar* below, std::int64_t count, real_type_t<Scalar>& column_max) {
  using Real = real_type_t<Scalar>;
  Real largest_seen = 0;
  Scalar probe{0};
  for (std::int64_t i = 0; i < count; ++i) {
    const Real size = magnitude(below[i]);
    largest_seen = largest_seen > size ? largest_seen : size;
    probe += below[i] * Real{0};
  }
  column_max = largest_seen;
  return probe == Scalar{0} && largest_seen <= std::numeric_limits<Real>::max();
}

// The pivot row for candidate column k, whose rows k..m-1 are `below` (up to date), under
// the threshold rule of front.hpp: the diagonal when acceptable, else the largest fully
// summed entry when acceptable, else -1 (delay). Applies the perturbation of
// `problem.perturbation` to the chosen pivot (or to a zero column at a root).
template <class Scalar, class Index>
std::int64_t choose_pivot(const FrontProblem<Scalar, Index>& problem, std::int64_t k, Scalar* below,
                          real_type_t<Scalar> column_max, FrontOutcome& outcome) {
  using Real = real_type_t<Scalar>;
  const std::int64_t nfs = problem.fully_summed;
  const bool root = problem.order == problem.fully_summed;
  Real best = 0;
  std::int64_t best_row = -1;
  std::int64_t diagonal_row = -1;
  for (std::int64_t i = k; i < nfs; ++i) {
    const Real size = magnitude(below[i - k]);
    if (size > best) {
      best = size;
      best_row = i;
    }
    if (problem.row_ids[i] == problem.col_ids[k]) diagonal_row = i;
  }
  const Real needed = problem.pivot_threshold * column_max;
  std::int64_t pivot_row = -1;
  if (diagonal_row >= 0) {
    const Real size = magnitude(below[diagonal_row - k]);
    if (size > 0 && size >= needed) pivot_row = diagonal_row;
  }
  if (pivot_row < 0 && best > 0 && best >= needed) pivot_row = best_row;
  if (pivot_row < 0 && root && column_max == 0 && problem.perturbation > 0) {
    pivot_row = diagonal_row >= 0 ? diagonal_row : k;
    below[pivot_row - k] = Scalar{problem.perturbation};
    ++outcome.perturbed_pivots;
  } else if (pivot_row >= 0 && magnitude(below[pivot_row - k]) < problem.perturbation) {
    // Static pivoting: raised to the perturbation, its sign kept.
    below[pivot_row - k] *= problem.perturbation / std::abs(below[pivot_row - k]);
    ++outcome.perturbed_pivots;
  }
  return pivot_row;
}

// Fixed mode: whether the reused pivot (the first of `below`) passes the guard.
template <class Scalar, class Index>
bool passes_guard(const FrontProblem<Scalar, Index>& problem, const Scalar* below,
                  real_type_t<Scalar> column_max) {
  const auto size = magnitude(below[0]);
  return size > 0 && size >= problem.guard_threshold * column_max;
}

// The unblocked elimination of a small front (see front.hpp): right-looking, so every column
// not yet eliminated is up to date and a rejected column is simply moved behind the
// remaining candidates, and retried in another pass while passes make progress.
template <class Scalar, class Index>
void factor_front_unblocked(const FrontProblem<Scalar, Index>& problem, FrontOutcome& outcome) {
  using Real = real_type_t<Scalar>;
  const std::int64_t m = problem.order;
  const std::int64_t nfs = problem.fully_summed;
  const FrontColumns<Scalar> columns{
      problem.front, problem.trailing ? problem.trailing : problem.front + nfs * m, m, nfs};
  Index* row_ids = problem.row_ids;
  Index* col_ids = problem.col_ids;
  const bool pivoting = problem.mode == FrontMode::pivoting;
  std::int64_t k = 0;
  std::int64_t end = pivoting ? nfs : static_cast<std::int64_t>(problem.fixed_eliminated);
  std::int64_t pass_start = 0;
  bool stopped = false;
  while (!stopped) {
    while (k < end) {
      Scalar* column = columns.column(k);
      Real column_max = 0;
      if (!finite_column_max(column + k, m - k, column_max)) {
        outcome.non_finite_at = k;
        stopped = true;
        break;
      }
      std::int64_t pivot_row = k;
      if (pivoting) {
        pivot_row = choose_pivot(problem, k, column + k, column_max, outcome);
        if (pivot_row < 0) {
          --end;
          if (end != k) {
            swap_columns(problem.front, m, m, k, end);
            std::swap(col_ids[k], col_ids[end]);
          }
          continue;
        }
      } else if (!passes_guard(problem, column + k, column_max)) {
        outcome.guard_failed_at = k;
        stopped = true;
        break;
      }
      if (pivot_row != k) {
        for (std::int64_t c = 0; c < m; ++c) {
          Scalar* other = columns.column(c);
          std::swap(other[k], other[pivot_row]);
        }
        std::swap(row_ids[k], row_ids[pivot_row]);
      }
      if (row_ids[k] != col_ids[k]) ++outcome.off_diagonal_pivots;
      const Scalar inverse = Scalar{1} / column[k];
      for (std::int64_t i = k + 1; i < m; ++i) column[i] *= inverse;
      for (std::int64_t c = k + 1; c < m; ++c) {
        Scalar* target = columns.column(c);
        const Scalar u = target[k];
        for (std::int64_t i = k + 1; i < m; ++i) target[i] -= column[i] * u;
      }
      ++k;
    }
    if (stopped || !pivoting || end == nfs || k == pass_start) break;
    pass_start = k;
    end = nfs;
  }
  outcome.eliminated = k;
  outcome.flops += front_flops(static_cast<double>(m), static_cast<double>(k));
}

}  // namespace

double front_flops(double order, double eliminated) {
  // sum over k < e of (m-k-1) divisions and (m-k-1)^2 multiply-adds: with r = m-k-1 running
  // from m-e to m-1, sum r + 2 sum r^2.
  auto sum1 = [](double r) { return r * (r + 1) / 2; };
  auto sum2 = [](double r) { return r * (r + 1) * (2 * r + 1) / 6; };
  const double high = order - 1;
  const double low = order - eliminated - 1;
  return (sum1(high) - sum1(low)) + 2 * (sum2(high) - sum2(low));
}

template <class Scalar, class Index>
void factor_front(const FrontProblem<Scalar, Index>& problem, FrontOutcome& outcome) {
  using Real = real_type_t<Scalar>;
  const bool unblocked =
      problem.kernel == FrontKernel::unblocked ||
      (problem.kernel == FrontKernel::automatic && problem.order <= kUnblockedFrontOrder);
  if (unblocked) {
    factor_front_unblocked(problem, outcome);
    return;
  }
  Scalar* F = problem.front;
  const std::int64_t m = problem.order;
  const std::int64_t nfs = problem.fully_summed;
  const std::int64_t ld = m;
  const FrontColumns<Scalar> columns{F, problem.trailing ? problem.trailing : F + nfs * ld, ld,
                                     nfs};
  Index* row_ids = problem.row_ids;
  Index* col_ids = problem.col_ids;
  Scalar* t = problem.column_scratch;
  const bool pivoting = problem.mode == FrontMode::pivoting;
  std::array<std::int64_t, kOuterBlock> partner{};

  std::int64_t k = 0;
  std::int64_t end = pivoting ? nfs : static_cast<std::int64_t>(problem.fixed_eliminated);
  std::int64_t pass_start = 0;
  bool stopped = false;
  while (!stopped) {
    while (k < end && !stopped) {
      // Outer block [ps, pe): its columns see every row swap at once, the others at its end.
      const std::int64_t ps = k;
      const std::int64_t pe = std::min(end, ps + kOuterBlock);
      std::int64_t candidates_end = pe;  // [candidates_end, pe) holds this block's rejects
      while (k < candidates_end && !stopped) {
        const std::int64_t is = k;
        while (k < candidates_end && k - is < kInnerBlock) {
          // Candidate column k, brought up to date with the inner block's pivots [is, k): in
          // a copy when pivoting (a rejected column must stay as it was), else in place.
          const std::int64_t w = k - is;
          Scalar* column = F + k * ld;
          if (pivoting) {
            std::copy(column + is, column + m, t);
          } else {
            t = column + is;
          }
          if (w > 0) {
            blas::trsv(true, false, w, F + is + is * ld, ld, t);
            blas::gemv_minus(m - k, w, F + k + is * ld, ld, t, t + w);
          }
          Scalar* below = t + w;  // rows k..m-1
          Real column_max = 0;
          if (!finite_column_max(below, m - k, column_max)) {
            outcome.non_finite_at = k;
            stopped = true;
            break;
          }
          std::int64_t pivot_row = k;
          if (pivoting) {
            pivot_row = choose_pivot(problem, k, below, column_max, outcome);
            if (pivot_row < 0) {
              // Delay: move it behind this outer block's remaining candidates.
              --candidates_end;
              if (candidates_end != k) {
                swap_columns(F, ld, m, k, candidates_end);
                std::swap(col_ids[k], col_ids[candidates_end]);
              }
              continue;
            }
          } else if (!passes_guard(problem, below, column_max)) {
            outcome.guard_failed_at = k;
            stopped = true;
            break;
          }
          if (pivoting) std::copy(t, t + (m - is), column + is);
          if (pivot_row != k) {
            for (std::int64_t c = ps; c < pe; ++c) std::swap(F[k + c * ld], F[pivot_row + c * ld]);
            std::swap(row_ids[k], row_ids[pivot_row]);
          }
          if (row_ids[k] != col_ids[k]) ++outcome.off_diagonal_pivots;
          partner[static_cast<std::size_t>(k - ps)] = pivot_row;
          const Scalar inverse = Scalar{1} / column[k];
          for (std::int64_t i = k + 1; i < m; ++i) column[i] *= inverse;
          ++k;
        }
        if (stopped) break;
        // The inner block's pivots [is, k) update the rest of the outer block.
        const std::int64_t w = k - is;
        if (w > 0 && pe > k) {
          blas::trsm_unit_lower(w, pe - k, F + is + is * ld, ld, F + is + k * ld, ld);
          blas::gemm_minus(m - k, pe - k, w, F + k + is * ld, ld, F + is + k * ld, ld,
                           F + k + k * ld, ld);
        }
      }
      if (stopped) break;
      if (k > ps && pivoting) {
        for (std::int64_t c = 0; c < m; ++c) {
          if (c == ps) c = pe;
          if (c >= m) break;
          Scalar* column = columns.column(c);
          for (std::int64_t q = ps; q < k; ++q) {
            const std::int64_t other = partner[static_cast<std::size_t>(q - ps)];
            if (other != q) std::swap(column[q], column[other]);
          }
        }
      }
      // Only the fully summed columns are updated block by block: they hold the later pivot
      // candidates. The others get every pivot's update at once at the end.
      update_columns(columns, m, ps, k, pe, nfs, problem.allow_parallel);
      // This block's rejects [k, pe) go behind the untried columns [pe, end).
      const std::int64_t rejected = pe - k;
      const std::int64_t untried = end - pe;
      if (rejected > 0 && untried > 0) {
        if (rejected <= untried) {
          for (std::int64_t r = 0; r < rejected; ++r) {
            swap_columns(F, ld, m, k + r, end - 1 - r);
            std::swap(col_ids[k + r], col_ids[end - 1 - r]);
          }
        } else {
          for (std::int64_t u = 0; u < untried; ++u) {
            swap_columns(F, ld, m, k + u, pe + u);
            std::swap(col_ids[k + u], col_ids[pe + u]);
          }
        }
      }
      end -= rejected;
    }
    if (stopped || !pivoting || end == nfs || k == pass_start) break;
    // Columns delayed in this pass have every update now; retry them while that helps.
    pass_start = k;
    end = nfs;
  }
  // One update of the columns past the fully summed ones by all e pivots: inner dimension e
  // instead of kOuterBlock, and the contribution block read and written once, not once
  // per outer block (it is the largest operand, and mostly out of cache).
  if (!stopped) update_columns(columns, m, 0, k, nfs, m, problem.allow_parallel);
  outcome.eliminated = k;
  outcome.flops += front_flops(static_cast<double>(m), static_cast<double>(k));
}

#define LUPINE_INSTANTIATE_FRONT(Scalar, Index) \
  template void factor_front(const FrontProblem<Scalar, Index>&, FrontOutcome&);

LUPINE_INSTANTIATE_FRONT(double, std::int32_t)
LUPINE_INSTANTIATE_FRONT(double, std::int64_t)
LUPINE_INSTANTIATE_FRONT(std::complex<double>, std::int32_t)
LUPINE_INSTANTIATE_FRONT(std::complex<double>, std::int64_t)

}  // namespace lupine::detail
