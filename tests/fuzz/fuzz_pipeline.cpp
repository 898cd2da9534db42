// libFuzzer target: the bytes describe a small square sparse matrix (order <= 40, entries and
// values drawn from the bytes: zeros, duplicates, NaN/Inf and out-of-range indices included)
// and the options, then run analyze, factor, refactor with new values, solves with A and Aᵀ
// (and Aᴴ) and one or several right-hand sides, and the determinant; once with real values
// and once, from the same bytes, with complex ones.
//
// Any lupine::Error is an acceptable outcome; anything else (another exception, a crash, a
// hang, a sanitizer report) is a bug, and so is a wrong answer: when the values are finite and
// moderate and no pivot was perturbed, the exported factors must satisfy P R A Q = L U to
// rounding (|P R A Q - L U| <= c eps |L||U|, whatever the conditioning), and when A is also
// well conditioned (kappa_inf < 1e8, measured from its explicit inverse) every refined solve
// must have a componentwise backward error below 1e-6.
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "lupine/solver.hpp"

using lupine::Transpose;
using Complex = std::complex<double>;

namespace {

using fuzz::inf;
using fuzz::nan;
using fuzz::pick;

/// A value from two bytes: mostly small multiples of 1/4 (zero included, so that cancellation
/// and exact zeros are common), sometimes a wide binary scale, rarely an extreme, a subnormal,
/// NaN or Inf. `tame` is cleared for the values a rounding-error bound cannot be checked on.
double value_of(fuzz::Bytes& bytes, bool& tame) {
  const unsigned code = bytes.byte();
  const unsigned detail = bytes.byte();
  if (code < 200) return (static_cast<int>(detail % 41) - 20) / 4.0;
  if (code < 225)
    return (static_cast<int>(detail % 15) - 7) * std::ldexp(1.0, static_cast<int>(code % 61) - 30);
  if (code < 235) return 0.0;
  tame = false;
  if (code < 240) return detail % 2 ? 1e300 : -1e-300;
  if (code < 244) return std::numeric_limits<double>::denorm_min() * (detail + 1);
  if (code < 250) return nan;
  return detail % 2 ? inf : -inf;
}

/// A real value, or for complex scalars a real and an imaginary part (the imaginary part
/// often zero, so real and purely imaginary entries both occur).
template <class Scalar>
Scalar scalar_of(fuzz::Bytes& bytes, bool& tame) {
  const double real = value_of(bytes, tame);
  if constexpr (lupine::is_complex<Scalar>::value) {
    const double imaginary = bytes.below(4) == 0 ? 0.0 : value_of(bytes, tame);
    return Scalar(real, imaginary);
  } else {
    return real;
  }
}

lupine::Options options_of(fuzz::Bytes& bytes, std::int64_t n) {
  static const double pivot_thresholds[] = {0.1, 1, 0, 0.5, 1e-3, 0.01, -0.5, 1.5, nan};
  static const double refactor_thresholds[] = {1e-10, 0, 1, 0.5, 1e-3, -1, nan};
  static const double growth_limits[] = {1e6, 0, 1, 10, -1, inf};
  static const double perturbations[] = {1e-10, 1e-3, 1, 0, -1, inf};
  static const int threads[] = {1, 2, 1, 2, 0, -1};
  static const std::int64_t min_orders[] = {64, 1, 2, 8, 0, -1};
  static const std::int64_t max_orders[] = {5000, 40, 3, 0, -2};
  static const double densities[] = {0.5, 0, 1, 0.1, 2, nan};
  static const std::int64_t memory_limits[] = {0, 0, 0, 1, 4096, -1};
  // Tails from 2 columns, so that small matrices go through the dense tail too.
  static const std::int64_t tail_orders[] = {32, 2, 4, 0, -1};
  static const double tail_densities[] = {0.8, 0.3, 1, 0, nan};

  lupine::Options options;
  options.ordering = static_cast<lupine::Ordering>(bytes.below(6));
  if (options.ordering == lupine::Ordering::given || bytes.below(16) == 0) {
    // A permutation drawn from the bytes, sometimes broken (a repeated or outside entry).
    for (std::int64_t k = 0; k < n; ++k) options.given_column_order.push_back(k);
    for (std::int64_t k = n - 1; k > 0; --k) {
      std::swap(options.given_column_order[k], options.given_column_order[bytes.byte() % (k + 1)]);
    }
    if (n > 0 && bytes.below(8) == 0) {
      options.given_column_order[bytes.byte() % n] = static_cast<std::int64_t>(bytes.byte()) - 2;
    }
  }
  options.btf = bytes.flag();
  options.scaling = static_cast<lupine::Scaling>(bytes.below(3));
  options.path = static_cast<lupine::FactorPath>(bytes.below(4));
  options.pivot_threshold = pick(bytes, pivot_thresholds);
  options.refactor_threshold = pick(bytes, refactor_thresholds);
  options.refactor_growth_limit = pick(bytes, growth_limits);
  options.perturb_singular_pivots = bytes.flag();
  options.pivot_perturbation = pick(bytes, perturbations);
  options.check_finite = bytes.below(4) != 0;
  options.threads = pick(bytes, threads);
  options.dense_min_order = pick(bytes, min_orders);
  options.dense_max_order = pick(bytes, max_orders);
  options.dense_min_density = pick(bytes, densities);
  options.memory_limit = pick(bytes, memory_limits);
  options.dense_tail_min_order = pick(bytes, tail_orders);
  options.dense_tail_min_density = pick(bytes, tail_densities);
  options.presume_diagonal_pivots = bytes.below(4) != 0;
  options.matching = static_cast<lupine::Matching>(bytes.below(2));
  options.solve_flush_to_zero = bytes.below(4) == 0;
  options.rescale_on_refactor = bytes.flag();
  return options;
}

/// The matrix: usually assembled by TripletBuilder (sorted, duplicates summed), sometimes the
/// raw CSC arrays as drawn (unsorted rows, duplicates, indices outside the matrix), which the
/// constructor must refuse with an Error when they are invalid.
template <class Scalar, class Index>
lupine::CscMatrix<Scalar, Index> matrix_of(fuzz::Bytes& bytes, Index n, bool& tame) {
  const bool raw = bytes.below(8) == 0;
  const bool diagonal = bytes.flag();
  const unsigned count = n == 0 ? 0 : bytes.below(static_cast<unsigned>(4 * n + 1));
  if (raw) {
    std::vector<Index> col_ptr(1, 0);
    std::vector<Index> rows;
    std::vector<Scalar> values;
    for (Index j = 0; j < n; ++j) {
      const unsigned in_column = bytes.below(5);
      for (unsigned k = 0; k < in_column; ++k) {
        rows.push_back(static_cast<Index>(static_cast<int>(bytes.byte()) - 2) % (n + 1));
        values.push_back(scalar_of<Scalar>(bytes, tame));
      }
      col_ptr.push_back(static_cast<Index>(rows.size()));
    }
    if (bytes.below(16) == 0 && n > 0) col_ptr[bytes.byte() % (n + 1)] += 3;
    if (bytes.below(16) == 0 && !values.empty()) values.pop_back();
    return lupine::CscMatrix<Scalar, Index>(n, n, std::move(col_ptr), std::move(rows),
                                            std::move(values));
  }
  lupine::TripletBuilder<Scalar, Index> builder(n, n);
  if (diagonal) {
    for (Index i = 0; i < n; ++i) builder.add(i, i, scalar_of<Scalar>(bytes, tame));
  }
  for (unsigned k = 0; k < count; ++k) {
    const Index i = static_cast<Index>(bytes.byte() % n);
    const Index j = static_cast<Index>(bytes.byte() % n);
    builder.add(i, j, scalar_of<Scalar>(bytes, tame));
  }
  return builder.build();
}

template <class Scalar, class Index>
struct Case {
  lupine::CscMatrix<Scalar, Index> matrix;  // the values the factorization is of
  bool tame = true;                         // finite, moderate values
};

template <class Scalar>
Scalar conjugate_if(bool conjugated, const Scalar& value) {
  if constexpr (lupine::is_complex<Scalar>::value) {
    return conjugated ? std::conj(value) : value;
  } else {
    return value;
  }
}

/// max_i |b - op(A) x|_i / (|op(A)| |x| + |b|)_i for one right-hand side.
template <class Scalar, class Index>
double backward_error(const lupine::CscMatrix<Scalar, Index>& a, const Scalar* b, const Scalar* x,
                      Transpose transpose) {
  const Index n = a.cols();
  std::vector<Scalar> residual(b, b + n);
  std::vector<double> scale(n);
  for (Index i = 0; i < n; ++i) scale[i] = std::abs(b[i]);
  for (Index j = 0; j < n; ++j) {
    for (Index p = a.col_ptr()[j]; p < a.col_ptr()[j + 1]; ++p) {
      const Index i = a.row_indices()[p];
      const Scalar value = conjugate_if(transpose == Transpose::conjugate, a.values()[p]);
      if (transpose == Transpose::no) {
        residual[i] -= value * x[j];
        scale[i] += std::abs(value) * std::abs(x[j]);
      } else {
        residual[j] -= value * x[i];
        scale[j] += std::abs(value) * std::abs(x[i]);
      }
    }
  }
  double worst = 0;
  for (Index i = 0; i < n; ++i) {
    if (residual[i] == Scalar{0}) continue;
    worst = std::max(worst, scale[i] > 0 ? std::abs(residual[i]) / scale[i] : inf);
  }
  return worst;
}

/// |P R A Q - L U| <= c eps |L| |U| entry by entry: the factors are those of A.
template <class Scalar, class Index>
void check_factors(const lupine::Numeric<Scalar, Index>& numeric,
                   const lupine::CscMatrix<Scalar, Index>& a) {
  const lupine::Factors<Scalar, Index> factors = numeric.factors();
  const std::size_t n = static_cast<std::size_t>(a.cols());
  std::vector<Scalar> difference(n * n, Scalar{0});  // P R A Q, then minus L U
  std::vector<double> bound(n * n, 0.0);             // |L| |U|
  std::vector<Index> position_of_row(n);
  for (std::size_t i = 0; i < n; ++i) position_of_row[factors.row_perm[i]] = static_cast<Index>(i);
  for (std::size_t j = 0; j < n; ++j) {
    const Index column = factors.col_perm[j];
    for (Index p = a.col_ptr()[column]; p < a.col_ptr()[column + 1]; ++p) {
      const Index row = a.row_indices()[p];
      difference[position_of_row[row] + j * n] += factors.row_scale[row] * a.values()[p];
    }
  }
  const auto& l = factors.L;
  const auto& u = factors.U;
  for (std::size_t j = 0; j < n; ++j) {
    for (Index q = u.col_ptr()[j]; q < u.col_ptr()[j + 1]; ++q) {
      const std::size_t k = static_cast<std::size_t>(u.row_indices()[q]);
      const Scalar ukj = u.values()[q];
      for (Index p = l.col_ptr()[k]; p < l.col_ptr()[k + 1]; ++p) {
        const std::size_t i = static_cast<std::size_t>(l.row_indices()[p]);
        difference[i + j * n] -= l.values()[p] * ukj;
        bound[i + j * n] += std::abs(l.values()[p] * ukj);
      }
    }
  }
  for (std::size_t k = 0; k < n * n; ++k) {
    if (!(std::abs(difference[k]) <= 1e-12 * bound[k] + 1e-290)) {
      fuzz::fail("P R A Q != L U at (" + std::to_string(k % n) + ", " + std::to_string(k / n) +
                 "): |difference| " + std::to_string(std::abs(difference[k])) + ", |L||U| " +
                 std::to_string(bound[k]));
    }
  }
}

/// kappa_inf(A) from the explicit inverse (columns solved one by one); inf when a solve fails.
template <class Scalar, class Index>
double condition_number(const lupine::Numeric<Scalar, Index>& numeric,
                        const lupine::CscMatrix<Scalar, Index>& a) {
  const Index n = a.cols();
  std::vector<double> row_sums_of_inverse(n, 0.0);
  std::vector<Scalar> e(n, Scalar{0});
  for (Index j = 0; j < n; ++j) {
    e[j] = 1;
    const std::vector<Scalar> column = numeric.solve(e, Transpose::no, 1);
    e[j] = 0;
    for (Index i = 0; i < n; ++i) row_sums_of_inverse[i] += std::abs(column[i]);
  }
  double inverse_norm = 0;
  for (double sum : row_sums_of_inverse) inverse_norm = std::max(inverse_norm, sum);
  const double kappa = lupine::norm_inf(a) * inverse_norm;
  return std::isfinite(kappa) ? kappa : inf;
}

/// Solves with A and Aᵀ, one and several right-hand sides, in place and refined, and the
/// determinant; checks the answers when the case allows it.
template <class Scalar, class Index>
void exercise(const lupine::Numeric<Scalar, Index>& numeric, const Case<Scalar, Index>& current,
              fuzz::Bytes& bytes) {
  const Index n = numeric.size();
  const std::vector<Scalar> b = [&] {
    std::vector<Scalar> values(n);
    for (Index i = 0; i < n; ++i) values[i] = static_cast<int>((i * 7) % 5) - 2 + 0.5;
    return values;
  }();
  const bool checked = current.tame && numeric.stats().perturbed_pivots == 0;
  if (checked) check_factors(numeric, current.matrix);
  const bool well_conditioned = checked && condition_number(numeric, current.matrix) < 1e8;

  const int refine_steps = static_cast<int>(bytes.below(4));
  for (Transpose transpose : {Transpose::no, Transpose::yes, Transpose::conjugate}) {
    lupine::SolveReport report;
    const std::vector<Scalar> x = numeric.solve(b, transpose, refine_steps, &report);
    if (well_conditioned && refine_steps > 0) {
      const double error = backward_error(current.matrix, b.data(), x.data(), transpose);
      if (error > 1e-6) {
        fuzz::fail("backward error " + std::to_string(error) + " of a refined solve of a " +
                   "well-conditioned matrix");
      }
    }
  }

  // Three right-hand sides with a leading dimension above n, and a workspace sized for one.
  const Index nrhs = 3;
  const Index ld = std::max<Index>(n, 1) + static_cast<Index>(bytes.below(3));
  std::vector<Scalar> many(static_cast<std::size_t>(ld) * nrhs, Scalar{-7.0});
  for (Index k = 0; k < nrhs; ++k) {
    for (Index i = 0; i < n; ++i) many[i + k * ld] = b[(i + k) % n] * static_cast<double>(k + 1);
  }
  std::vector<Scalar> solutions(many.size(), Scalar{0});
  lupine::SolveWorkspace<Scalar> workspace = numeric.make_workspace(bytes.flag() ? nrhs : 1);
  const Transpose transpose = static_cast<Transpose>(bytes.below(3));
  numeric.solve(many.data(), solutions.data(), nrhs, ld, transpose, std::max(refine_steps, 1),
                workspace);
  if (well_conditioned) {
    for (Index k = 0; k < nrhs; ++k) {
      const double error = backward_error(current.matrix, many.data() + k * ld,
                                          solutions.data() + k * ld, transpose);
      if (error > 1e-6) {
        fuzz::fail("backward error " + std::to_string(error) + " of right-hand side " +
                   std::to_string(k) + " of a well-conditioned matrix");
      }
    }
  }
  numeric.solve_in_place(many.data(), nrhs, ld, transpose, workspace);

  const lupine::DeterminantOf<Scalar> determinant = numeric.determinant();
  const double sign_size = std::abs(determinant.sign);
  if constexpr (lupine::is_complex<Scalar>::value) {
    fuzz::check(sign_size == 0 || std::isnan(sign_size) || std::abs(sign_size - 1) < 1e-12,
                "complex determinant sign neither 0 nor of modulus 1");
  } else {
    fuzz::check(determinant.sign == 0 || determinant.sign == 1 || determinant.sign == -1,
                "determinant sign outside {-1, 0, 1}");
  }
  const double magnitude = std::abs(determinant.mantissa);
  if (determinant.sign != Scalar{0} && std::isfinite(magnitude)) {
    fuzz::check(magnitude >= 0.5 && magnitude < 1, "determinant mantissa outside [0.5, 1)");
  }
}

template <class Scalar, class Index>
void run(fuzz::Bytes& bytes) {
  const Index n = static_cast<Index>(bytes.below(41));
  const lupine::Options options = options_of(bytes, n);
  Case<Scalar, Index> current;
  try {
    current.matrix = matrix_of<Scalar>(bytes, n, current.tame);
  } catch (const lupine::Error&) {
    return;
  }
  lupine::Symbolic<Index> symbolic;
  try {
    symbolic = lupine::analyze(current.matrix, options);
  } catch (const lupine::Error&) {
    return;
  }
  if (bytes.flag()) {
    // Numeric is built for 32-bit indices; the analysis also for 64-bit ones, and must agree.
    const auto& a = current.matrix;
    const lupine::CscMatrix<Scalar, std::int64_t> wide(
        a.rows(), a.cols(), std::vector<std::int64_t>(a.col_ptr().begin(), a.col_ptr().end()),
        std::vector<std::int64_t>(a.row_indices().begin(), a.row_indices().end()), a.values());
    const lupine::Stats& narrow_stats = symbolic.stats();
    const lupine::Symbolic<std::int64_t> wide_symbolic = lupine::analyze(wide, options);
    const lupine::Stats& wide_stats = wide_symbolic.stats();
    fuzz::check(narrow_stats.predicted_lu_nnz == wide_stats.predicted_lu_nnz &&
                    narrow_stats.btf_blocks == wide_stats.btf_blocks,
                "the 32-bit and 64-bit analyses differ");
  }
  lupine::Numeric<Scalar, Index> numeric;
  try {
    numeric = lupine::Numeric<Scalar, Index>(symbolic, current.matrix, options);
    exercise(numeric, current, bytes);
  } catch (const lupine::Error&) {
    if (numeric.empty()) return;
  }

  // New values on the same pattern: scaled, some zeroed, some replaced, then a refactor with
  // per-call settings (thresholds in and out of range, a forced re-pivot, a diagonal shift).
  static const double thresholds[] = {-1, 1e-10, 0, 1, 0.5, 2, nan};
  static const double shifts[] = {0, 1e-12, 1, -1, 1e3, nan};
  Case<Scalar, Index> next = current;
  for (Scalar& value : next.matrix.values()) {
    switch (bytes.below(4)) {
      case 0:
        value *= 1.0 + bytes.byte() / 64.0;
        break;
      case 1:
        value = 0;
        break;
      case 2:
        value = scalar_of<Scalar>(bytes, next.tame);
        break;
      default:
        break;
    }
  }
  lupine::RefactorOptions call;
  call.refactor_threshold = pick(bytes, thresholds);
  call.refactor_growth_limit = pick(bytes, thresholds);
  call.pivot_threshold = pick(bytes, thresholds);
  call.force_repivot = bytes.below(4) == 0;
  std::vector<std::int64_t> shifted;
  if (bytes.below(4) == 0) {
    const unsigned count = bytes.below(6);
    for (unsigned k = 0; k < count; ++k)
      shifted.push_back(static_cast<int>(bytes.byte()) % (n + 2) - 1);
    call.diagonal_shift = pick(bytes, shifts);
    call.shifted_rows = shifted.data();
    call.shifted_row_count = shifted.size();
  }
  std::vector<Scalar> shifted_values = next.matrix.values();
  bool refactored = false;
  try {
    numeric.refactor(next.matrix.values().data(), call);
    refactored = true;
    // The factorization is now of A + shift on the listed diagonal entries.
    std::vector<std::int64_t> distinct = shifted;
    std::sort(distinct.begin(), distinct.end());
    if (std::adjacent_find(distinct.begin(), distinct.end()) != distinct.end()) next.tame = false;
    for (std::int64_t row : distinct) {
      fuzz::check(row >= 0 && row < n, "refactor accepted a shifted row outside the matrix");
      const Index slot = next.matrix.find(static_cast<Index>(row), static_cast<Index>(row));
      fuzz::check(slot >= 0, "refactor accepted a shifted row whose diagonal is not stored");
      shifted_values[slot] += call.diagonal_shift;
    }
    next.matrix.values() = shifted_values;
    if (!std::isfinite(call.diagonal_shift) || std::abs(call.diagonal_shift) > 1e6) {
      next.tame = false;
    }
    exercise(numeric, next, bytes);
  } catch (const lupine::Error&) {
  }
  if (!refactored) {
    // After a failed refactor the handle must answer with an Error (or with the factors it
    // still has), never crash; which values those are is not checked.
    Case<Scalar, Index> unchecked = next;
    unchecked.tame = false;
    try {
      exercise(numeric, unchecked, bytes);
    } catch (const lupine::Error&) {
    }
  }
  try {
    numeric.factor(current.matrix);
    exercise(numeric, current, bytes);
  } catch (const lupine::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Bytes real_bytes(data, size);
  run<double, std::int32_t>(real_bytes);
  fuzz::Bytes complex_bytes(data, size);
  run<Complex, std::int32_t>(complex_bytes);
  return 0;
}
