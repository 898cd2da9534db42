// The C API (include/lupine/lupine.h) over the C++ classes. Every entry point checks its
// arguments, runs the C++ call inside `guarded`, and turns any exception into a status and
// the calling thread's last error, so that nothing C++ crosses into C. The real and complex
// numeric entry points share one implementation per verb, templated on the handle; only the
// scalar type and the function names in the messages differ.
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "lupine/lupine.h"
#include "lupine/solver.hpp"
#include "numeric/numeric_data.hpp"
#include "symbolic/symbolic_data.hpp"

struct lupine_options {
  lupine::Options options;
};

// A handle holds its analysis or factorization with 32-bit indices (from lupine_analyze) or
// with 64-bit ones (`wide`, from lupine_analyze_i64); the entry points visit whichever is set.
struct lupine_symbolic {
  lupine::Symbolic<std::int32_t> symbolic;
  lupine::Symbolic<std::int64_t> wide;
  int base = 0;
};

namespace lupine::c_api {

// What a numeric handle holds, real or complex. The two C handle types derive from it, so
// that C sees two unrelated types and a real handle cannot reach a complex entry point.
template <class ScalarType>
struct NumericHandle {
  using Scalar = ScalarType;
  lupine::Numeric<Scalar, std::int32_t> numeric;
  lupine::Numeric<Scalar, std::int64_t> wide;
  int base = 0;
  std::vector<std::int64_t> shifted_rows;  // lupine_refactor_with's rows, 0-based (reused)
};

}  // namespace lupine::c_api

struct lupine_numeric : lupine::c_api::NumericHandle<double> {};
struct lupine_znumeric : lupine::c_api::NumericHandle<std::complex<double>> {};

namespace {

using Complex = std::complex<double>;

// `function` called with the handle's Symbolic, or Numeric, whichever index width it has.
template <class Function>
decltype(auto) visit(const lupine_symbolic* handle, Function&& function) {
  if (!handle->wide.empty()) return function(handle->wide);
  return function(handle->symbolic);
}
template <class Handle, class Function>
decltype(auto) visit(Handle* handle, Function&& function) {
  if (!handle->wide.empty()) return function(handle->wide);
  return function(handle->numeric);
}

std::int64_t nnz_of(const lupine_symbolic* handle) {
  return visit(handle, [](const auto& analysis) -> std::int64_t { return analysis.nnz(); });
}
template <class Handle>
std::int64_t nnz_of(const Handle* handle) {
  return visit(handle, [](const auto& factorization) -> std::int64_t {
    return factorization.symbolic().nnz();
  });
}
template <class Handle>
std::int64_t order_of(const Handle* handle) {
  return visit(handle,
               [](const auto& factorization) -> std::int64_t { return factorization.size(); });
}

// The C API passes complex arrays as interleaved doubles (lupine.h): std::complex<double> has
// that layout ([complex.numbers]), and the casts below rely on its alignment being a double's.
static_assert(sizeof(Complex) == 2 * sizeof(double) && alignof(Complex) == alignof(double),
              "std::complex<double> must be two doubles");

// Doubles per scalar in the C arrays: 1 for real, 2 for complex.
template <class Scalar>
constexpr std::size_t doubles_per_scalar = sizeof(Scalar) / sizeof(double);

template <class Scalar>
const Scalar* scalars(const double* values) {
  return reinterpret_cast<const Scalar*>(values);
}
template <class Scalar>
Scalar* scalars(double* values) {
  return reinterpret_cast<Scalar*>(values);
}

// A scalar result into the caller's doubles: one, or the real and imaginary parts.
void store(double value, double* to) {
  *to = value;
}
void store(const Complex& value, double* to) {
  to[0] = value.real();
  to[1] = value.imag();
}

// The entry points' names, for messages: "lupine_" + verb, or "lupine_z" + verb.
template <class Scalar>
std::string named(const char* verb) {
  return std::string(doubles_per_scalar<Scalar> == 1 ? "lupine_" : "lupine_z") + verb;
}

thread_local lupine_error_info last_error = {LUPINE_OK, -1, -1, -1, -1, {0}};

lupine_status fail(lupine_status status, const std::string& message, std::int64_t row = -1,
                   std::int64_t column = -1, std::int64_t line = -1,
                   std::int64_t structural_rank = -1) noexcept {
  last_error.status = status;
  last_error.row = row;
  last_error.column = column;
  last_error.line = line;
  last_error.structural_rank = structural_rank;
  std::snprintf(last_error.message, sizeof last_error.message, "%s", message.c_str());
  return status;
}

lupine_status status_of(lupine::ErrorKind kind) noexcept {
  switch (kind) {
    case lupine::ErrorKind::invalid_argument:
      return LUPINE_ERROR_INVALID_ARGUMENT;
    case lupine::ErrorKind::invalid_matrix:
      return LUPINE_ERROR_INVALID_MATRIX;
    case lupine::ErrorKind::pattern_mismatch:
      return LUPINE_ERROR_PATTERN_MISMATCH;
    case lupine::ErrorKind::file_error:
      return LUPINE_ERROR_FILE;
    case lupine::ErrorKind::parse_error:
      return LUPINE_ERROR_PARSE;
    case lupine::ErrorKind::unsupported:
      return LUPINE_ERROR_UNSUPPORTED;
    case lupine::ErrorKind::structurally_singular:
      return LUPINE_ERROR_STRUCTURALLY_SINGULAR;
    case lupine::ErrorKind::numerically_singular:
      return LUPINE_ERROR_NUMERICALLY_SINGULAR;
    case lupine::ErrorKind::size_overflow:
      return LUPINE_ERROR_SIZE_OVERFLOW;
    case lupine::ErrorKind::out_of_memory:
      return LUPINE_ERROR_OUT_OF_MEMORY;
    case lupine::ErrorKind::internal:
      return LUPINE_ERROR_INTERNAL;
    case lupine::ErrorKind::dimension_mismatch:
      return LUPINE_ERROR_DIMENSION_MISMATCH;
    case lupine::ErrorKind::non_finite_input:
      return LUPINE_ERROR_NON_FINITE;
    case lupine::ErrorKind::memory_limit_exceeded:
      return LUPINE_ERROR_MEMORY_LIMIT;
    case lupine::ErrorKind::api_misuse:
      return LUPINE_ERROR_CALL_ORDER;
  }
  return LUPINE_ERROR_INTERNAL;
}

// A C++ error in the caller's numbering: its row and column shifted by the base, and the
// message (which counts from 0, as the C++ API does) told so when the base is 1.
lupine_status fail_with(const lupine::Error& error, int base) noexcept {
  try {
    const std::int64_t row = error.row() >= 0 ? error.row() + base : -1;
    const std::int64_t column = error.column() >= 0 ? error.column() + base : -1;
    std::string message = error.what();
    if (base != 0 && (row >= 0 || column >= 0)) {
      message += " [indices in this message count from 0; in your 1-based numbering:";
      if (row >= 0) message += " row " + std::to_string(row);
      if (column >= 0) message += " column " + std::to_string(column);
      message += "]";
    }
    return fail(status_of(error.kind()), message, row, column, error.line(),
                error.structural_rank());
  } catch (...) {
    return fail(status_of(error.kind()), "(message lost: out of memory)");
  }
}

// Runs `body`, turning every exception into a status and the thread's last error.
template <class Body>
lupine_status guarded(int base, Body&& body) noexcept {
  try {
    return body();
  } catch (const lupine::Error& error) {
    return fail_with(error, base);
  } catch (const std::bad_alloc&) {
    return fail(LUPINE_ERROR_OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception& error) {
    return fail(LUPINE_ERROR_INTERNAL, std::string("internal error: ") + error.what());
  } catch (...) {
    return fail(LUPINE_ERROR_INTERNAL, "internal error: unknown exception");
  }
}

lupine_status null_argument(const char* function, const char* argument) noexcept {
  return fail(LUPINE_ERROR_NULL_ARGUMENT, std::string(function) + ": " + argument + " is NULL");
}

#define LUPINE_REQUIRE(pointer, function)                               \
  do {                                                                  \
    if ((pointer) == nullptr) return null_argument(function, #pointer); \
  } while (0)

bool is_integral(double value) {
  return std::isfinite(value) && value == std::floor(value);
}

lupine_status out_of_range(int option, double value, const char* allowed) {
  return fail(LUPINE_ERROR_INVALID_ARGUMENT,
              "lupine_options_set: option " + std::to_string(option) + " cannot be " +
                  std::to_string(value) + " (allowed: " + allowed + ")");
}

// The pattern in the caller's arrays, checked and made 0-based with Index indices.
template <class Index, class Source>
lupine_status convert_pattern(std::int64_t n, const Source* col_ptr, const Source* row_indices,
                              int base, std::vector<Index>& columns, std::vector<Index>& rows) {
  const char* function = sizeof(Source) == 8 ? "lupine_analyze_i64" : "lupine_analyze";
  if (base != 0 && base != 1) {
    return fail(LUPINE_ERROR_INVALID_ARGUMENT,
                std::string(function) + ": base must be 0 or 1, got " + std::to_string(base));
  }
  if (n < 0) {
    return fail(LUPINE_ERROR_INVALID_ARGUMENT,
                std::string(function) + ": order n must be >= 0, got " + std::to_string(n));
  }
  constexpr std::int64_t largest = std::numeric_limits<Index>::max();
  const std::string narrow_indices =
      sizeof(Index) == 8
          ? " do not fit 64-bit indices"
          : " do not fit the 32-bit indices of lupine_analyze: use lupine_analyze_i64";
  if (n > largest - 1) {
    return fail(LUPINE_ERROR_SIZE_OVERFLOW, std::string(function) + ": order " + std::to_string(n) +
                                                " and its column pointers" + narrow_indices);
  }
  if (col_ptr[0] != base) {
    return fail(LUPINE_ERROR_INVALID_MATRIX,
                std::string(function) + ": col_ptr[0] is " + std::to_string(col_ptr[0]) +
                    ", it must equal the base " + std::to_string(base),
                -1, base);
  }
  for (std::int64_t j = 0; j < n; ++j) {
    if (col_ptr[j + 1] < col_ptr[j]) {
      return fail(LUPINE_ERROR_INVALID_MATRIX,
                  std::string(function) + ": column pointers decrease at column " +
                      std::to_string(j + base) + " (" + std::to_string(col_ptr[j]) + " then " +
                      std::to_string(col_ptr[j + 1]) + ")",
                  -1, j + base);
    }
  }
  const std::int64_t nnz = static_cast<std::int64_t>(col_ptr[n]) - base;
  if (nnz > largest) {
    return fail(LUPINE_ERROR_SIZE_OVERFLOW,
                std::string(function) + ": " + std::to_string(nnz) + " entries" + narrow_indices);
  }
  if (nnz > 0 && row_indices == nullptr) return null_argument(function, "row_indices");
  columns.resize(static_cast<std::size_t>(n) + 1);
  for (std::int64_t j = 0; j <= n; ++j) columns[j] = static_cast<Index>(col_ptr[j] - base);
  rows.resize(static_cast<std::size_t>(nnz));
  for (std::int64_t j = 0; j < n; ++j) {
    for (std::int64_t p = columns[j]; p < columns[j + 1]; ++p) {
      const std::int64_t row = static_cast<std::int64_t>(row_indices[p]) - base;
      if (row < 0 || row >= n) {
        return fail(LUPINE_ERROR_INVALID_MATRIX,
                    std::string(function) + ": row index " + std::to_string(row + base) +
                        " in column " + std::to_string(j + base) + " is outside [" +
                        std::to_string(base) + ", " + std::to_string(n - 1 + base) + "]",
                    row + base, j + base);
      }
      rows[p] = static_cast<Index>(row);
    }
  }
  return LUPINE_OK;
}

// The analysis of the caller's pattern with Index indices into `result`.
template <class Index, class Source>
lupine_status analyze_as(const lupine_options* options, std::int64_t n, const Source* col_ptr,
                         const Source* row_indices, int base, lupine::Symbolic<Index>& result) {
  std::vector<Index> columns;
  std::vector<Index> rows;
  const lupine_status status = convert_pattern(n, col_ptr, row_indices, base, columns, rows);
  if (status != LUPINE_OK) return status;
  const auto order = static_cast<Index>(n);
  const lupine::CscMatrix<double, Index> pattern(order, order, std::move(columns), std::move(rows),
                                                 {});
  result = lupine::analyze(pattern, options ? options->options : lupine::Options{});
  return LUPINE_OK;
}

// lupine_analyze keeps 32-bit indices inside, lupine_analyze_i64 64-bit ones (for orders,
// entries or factors past 2^31 - 1).
template <class Source>
lupine_status analyze_pattern(const lupine_options* options, std::int64_t n, const Source* col_ptr,
                              const Source* row_indices, int base, lupine_symbolic** symbolic) {
  const char* function = sizeof(Source) == 8 ? "lupine_analyze_i64" : "lupine_analyze";
  LUPINE_REQUIRE(symbolic, function);
  *symbolic = nullptr;
  LUPINE_REQUIRE(col_ptr, function);
  return guarded(base == 1 ? 1 : 0, [&] {
    auto handle = std::make_unique<lupine_symbolic>();
    const lupine_status status =
        sizeof(Source) == 8 ? analyze_as(options, n, col_ptr, row_indices, base, handle->wide)
                            : analyze_as(options, n, col_ptr, row_indices, base, handle->symbolic);
    if (status != LUPINE_OK) return status;
    handle->base = base;
    *symbolic = handle.release();
    return LUPINE_OK;
  });
}

void copy_stats(const lupine::Stats& from, bool numeric, lupine_stats* to) {
  *to = lupine_stats{};
  to->n = from.n;
  to->nnz = from.nnz;
  to->structural_rank = from.structural_rank;
  to->btf_blocks = from.btf_blocks;
  to->largest_block = from.largest_block;
  to->supernodal_blocks = from.supernodal_blocks;
  to->predicted_lu_nnz = from.predicted_lu_nnz;
  to->predicted_flops = from.predicted_flops;
  to->predicted_factor_bytes = from.predicted_factor_bytes;
  to->predicted_working_bytes = from.predicted_working_bytes;
  to->analyze_seconds = from.analyze_seconds;
  if (!numeric) return;
  to->lu_nnz = from.lu_nnz;
  to->factor_flops = from.factor_flops;
  to->off_diagonal_pivots = from.off_diagonal_pivots;
  to->perturbed_pivots = from.perturbed_pivots;
  to->delayed_pivots = from.delayed_pivots;
  to->working_bytes = from.working_bytes;
  to->pivot_growth = from.pivot_growth;
  to->smallest_pivot_ratio = from.smallest_pivot_ratio;
  to->factor_count = from.factor_count;
  to->refactor_count = from.refactor_count;
  to->refactor_fallbacks = from.refactor_fallbacks;
  to->factor_seconds = from.factor_seconds;
  to->refactor_seconds = from.refactor_seconds;
  to->threads = from.threads;
  to->condition_estimate = from.condition_estimate;
  to->dense_tail_columns = from.dense_tail_columns;
  to->presumed_pivot_columns = from.presumed_pivot_columns;
}

// A numeric handle whose last factorization succeeded, else LUPINE_ERROR_CALL_ORDER.
template <class Handle>
lupine_status require_factored(const Handle* numeric, const char* function) {
  if (!visit(numeric, [](const auto& factorization) { return factorization.data().factored; })) {
    return fail(LUPINE_ERROR_CALL_ORDER,
                std::string(function) +
                    ": the last factorization of this handle failed; factor or refactor "
                    "values that can be factored first");
  }
  return LUPINE_OK;
}

// The scalars of workspace a C solve needs for nrhs right-hand sides (the C++ solve's; it
// keeps b there when X = B).
template <class Handle>
std::size_t workspace_scalars(const Handle* numeric, std::int32_t nrhs) {
  return visit(numeric,
               [&](const auto& factorization) { return factorization.workspace_size(nrhs); });
}

// The workspace is counted in doubles (lupine.h), so a complex solve needs twice the doubles
// of its scalar count.
template <class Handle>
lupine_status check_solve_shape(const Handle* numeric, const char* function, int op,
                                std::int64_t nrhs, std::int64_t ld, std::size_t workspace_size,
                                const double* workspace) {
  using Scalar = typename Handle::Scalar;
  if (op != LUPINE_NO_TRANSPOSE && op != LUPINE_TRANSPOSE && op != LUPINE_CONJUGATE_TRANSPOSE) {
    return fail(LUPINE_ERROR_INVALID_ARGUMENT,
                std::string(function) +
                    ": op must be LUPINE_NO_TRANSPOSE, LUPINE_TRANSPOSE or "
                    "LUPINE_CONJUGATE_TRANSPOSE, got " +
                    std::to_string(op));
  }
  const std::int64_t n = order_of(numeric);
  if (nrhs < 0 || nrhs > std::numeric_limits<std::int32_t>::max()) {
    return fail(LUPINE_ERROR_INVALID_ARGUMENT,
                std::string(function) + ": nrhs must be in [0, 2^31), got " + std::to_string(nrhs));
  }
  const std::int64_t largest_ld = numeric->wide.empty() ? std::numeric_limits<std::int32_t>::max()
                                                        : std::numeric_limits<std::int64_t>::max();
  if (ld < std::max<std::int64_t>(n, 1) || ld > largest_ld) {
    return fail(LUPINE_ERROR_INVALID_ARGUMENT,
                std::string(function) + ": leading dimension " + std::to_string(ld) +
                    " is smaller than the order " + std::to_string(n) + " (or too large)");
  }
  const std::size_t needed = workspace_scalars(numeric, 1) * doubles_per_scalar<Scalar>;
  if (workspace_size < needed || (workspace == nullptr && needed > 0)) {
    return fail(LUPINE_ERROR_WORKSPACE_TOO_SMALL,
                std::string(function) + ": the workspace has " + std::to_string(workspace_size) +
                    " doubles, at least " + std::to_string(needed) + " are needed (" +
                    named<Scalar>("solve_workspace_size") + ")");
  }
  return require_factored(numeric, function);
}

// The position of entry (i, j), 0-based, in the values of the analyzed pattern, or -1 when
// the pattern lacks it (or it lies outside the matrix).
template <class Index>
std::int64_t pattern_slot(const lupine::detail::SymbolicData<Index>& pattern, std::int64_t i,
                          std::int64_t j) {
  const std::int64_t n = pattern.n;
  if (i < 0 || i >= n || j < 0 || j >= n) return -1;
  const Index* begin = pattern.row_indices.data() + pattern.col_ptr[j];
  const Index* end = pattern.row_indices.data() + pattern.col_ptr[j + 1];
  const Index* found = std::lower_bound(begin, end, static_cast<Index>(i));
  return found != end && *found == i ? found - pattern.row_indices.data() : -1;
}

// For a real matrix Aᴴ = Aᵀ: LUPINE_CONJUGATE_TRANSPOSE takes the real transposed solve by
// construction, not through the conjugating one.
template <class Scalar>
lupine::Transpose transpose_of(int op) {
  if (op == LUPINE_NO_TRANSPOSE) return lupine::Transpose::no;
  if (op == LUPINE_TRANSPOSE || doubles_per_scalar<Scalar> == 1) return lupine::Transpose::yes;
  return lupine::Transpose::conjugate;
}

// ---- the numeric verbs, for Handle = lupine_numeric or lupine_znumeric ----

template <class Handle>
lupine_status factor_new(const char* function, const lupine_symbolic* symbolic,
                         const double* values, Handle** numeric) {
  using Scalar = typename Handle::Scalar;
  LUPINE_REQUIRE(numeric, function);
  *numeric = nullptr;
  LUPINE_REQUIRE(symbolic, function);
  if (values == nullptr && nnz_of(symbolic) > 0) return null_argument(function, "values");
  return guarded(symbolic->base, [&] {
    auto handle = std::make_unique<Handle>();
    handle->base = symbolic->base;
    if (symbolic->wide.empty()) {
      handle->numeric = lupine::Numeric<Scalar, std::int32_t>(
          symbolic->symbolic, scalars<Scalar>(values), symbolic->symbolic.options());
    } else {
      handle->wide = lupine::Numeric<Scalar, std::int64_t>(symbolic->wide, scalars<Scalar>(values),
                                                           symbolic->wide.options());
    }
    *numeric = handle.release();
    return LUPINE_OK;
  });
}

template <class Handle>
lupine_status factor_again(const char* function, Handle* numeric, const double* values) {
  using Scalar = typename Handle::Scalar;
  LUPINE_REQUIRE(numeric, function);
  if (values == nullptr && nnz_of(numeric) > 0) return null_argument(function, "values");
  return guarded(numeric->base, [&] {
    visit(numeric, [&](auto& factorization) { factorization.factor(scalars<Scalar>(values)); });
    return LUPINE_OK;
  });
}

template <class Handle>
lupine_status refactor_values(const char* function, Handle* numeric, const double* values,
                              int* pivots_reused) {
  using Scalar = typename Handle::Scalar;
  LUPINE_REQUIRE(numeric, function);
  if (values == nullptr && nnz_of(numeric) > 0) return null_argument(function, "values");
  return guarded(numeric->base, [&] {
    const lupine::RefactorStatus status = visit(numeric, [&](auto& factorization) {
      return factorization.refactor(scalars<Scalar>(values));
    });
    if (pivots_reused) *pivots_reused = status == lupine::RefactorStatus::reused_pivots ? 1 : 0;
    return LUPINE_OK;
  });
}

template <class Handle>
lupine_status refactor_values_with(const char* function, Handle* numeric, const double* values,
                                   const lupine_refactor_options* options, int* pivots_reused) {
  using Scalar = typename Handle::Scalar;
  LUPINE_REQUIRE(numeric, function);
  if (values == nullptr && nnz_of(numeric) > 0) return null_argument(function, "values");
  lupine_refactor_options defaults;
  lupine_refactor_options_init(&defaults);
  const lupine_refactor_options& given = options ? *options : defaults;
  if (given.shifted_row_count < 0) {
    return fail(LUPINE_ERROR_INVALID_ARGUMENT, std::string(function) +
                                                   ": shifted_row_count must be >= 0, got " +
                                                   std::to_string(given.shifted_row_count));
  }
  if (given.shifted_row_count > 0) LUPINE_REQUIRE(given.shifted_rows, function);
  return guarded(numeric->base, [&] {
    const std::int64_t n = order_of(numeric);
    const int base = numeric->base;
    auto& rows = numeric->shifted_rows;
    rows.resize(static_cast<std::size_t>(given.shifted_row_count));
    for (std::int64_t k = 0; k < given.shifted_row_count; ++k) {
      const std::int64_t i = given.shifted_rows[k] - base;
      const std::int64_t slot =
          visit(static_cast<const Handle*>(numeric), [&](const auto& factorization) {
            return pattern_slot(factorization.symbolic().data(), i, i);
          });
      if (slot < 0) {
        return fail(
            LUPINE_ERROR_NOT_IN_PATTERN,
            std::string(function) + ": shifted row " + std::to_string(k) + " is " +
                std::to_string(given.shifted_rows[k]) + ", whose diagonal entry " +
                (i >= 0 && i < n ? "is not in the analyzed pattern" : "is outside the matrix"),
            given.shifted_rows[k], given.shifted_rows[k]);
      }
      rows[static_cast<std::size_t>(k)] = i;
    }
    lupine::RefactorOptions call;
    call.refactor_threshold = given.refactor_threshold;
    call.refactor_growth_limit = given.refactor_growth_limit;
    call.pivot_threshold = given.pivot_threshold;
    call.force_repivot = given.force_repivot != 0;
    call.shifted_rows = rows.data();
    call.shifted_row_count = rows.size();
    call.diagonal_shift = given.diagonal_shift;
    const lupine::RefactorStatus status = visit(numeric, [&](auto& factorization) {
      return factorization.refactor(scalars<Scalar>(values), call);
    });
    if (pivots_reused) *pivots_reused = status == lupine::RefactorStatus::reused_pivots ? 1 : 0;
    return LUPINE_OK;
  });
}

template <class Handle>
lupine_status solve_workspace_size(const char* function, const Handle* numeric, std::int64_t nrhs,
                                   std::size_t* size) {
  using Scalar = typename Handle::Scalar;
  LUPINE_REQUIRE(numeric, function);
  LUPINE_REQUIRE(size, function);
  if (nrhs < 1 || nrhs > std::numeric_limits<std::int32_t>::max()) {
    return fail(LUPINE_ERROR_INVALID_ARGUMENT,
                std::string(function) + ": nrhs must be in [1, 2^31), got " + std::to_string(nrhs));
  }
  return guarded(numeric->base, [&] {
    const std::size_t scalar_count = workspace_scalars(numeric, static_cast<std::int32_t>(nrhs));
    if (scalar_count > std::numeric_limits<std::size_t>::max() / doubles_per_scalar<Scalar>) {
      return fail(LUPINE_ERROR_SIZE_OVERFLOW, std::string(function) + ": the workspace for " +
                                                  std::to_string(nrhs) +
                                                  " right-hand sides does not fit a size_t");
    }
    *size = scalar_count * doubles_per_scalar<Scalar>;
    return LUPINE_OK;
  });
}

template <class Handle>
lupine_status solve_in_place(const char* function, const Handle* numeric, int op, std::int64_t nrhs,
                             double* B, std::int64_t ldb, double* workspace,
                             std::size_t workspace_size) {
  using Scalar = typename Handle::Scalar;
  LUPINE_REQUIRE(numeric, function);
  return guarded(numeric->base, [&] {
    const lupine_status shape =
        check_solve_shape(numeric, function, op, nrhs, ldb, workspace_size, workspace);
    if (shape != LUPINE_OK || nrhs == 0) return shape;
    LUPINE_REQUIRE(B, function);
    lupine::SolveWorkspace<Scalar> scratch;
    scratch.use(scalars<Scalar>(workspace), workspace_size / doubles_per_scalar<Scalar>);
    visit(numeric, [&](const auto& factorization) {
      using Index = decltype(factorization.size());
      factorization.solve_in_place(scalars<Scalar>(B), static_cast<Index>(nrhs),
                                   static_cast<Index>(ldb), transpose_of<Scalar>(op), scratch);
    });
    return LUPINE_OK;
  });
}

template <class Handle>
lupine_status solve_refined(const char* function, const Handle* numeric, int op, std::int64_t nrhs,
                            const double* B, double* X, std::int64_t ld, int refine_steps,
                            double* backward_error, double* workspace, std::size_t workspace_size) {
  using Scalar = typename Handle::Scalar;
  LUPINE_REQUIRE(numeric, function);
  return guarded(numeric->base, [&] {
    const lupine_status shape =
        check_solve_shape(numeric, function, op, nrhs, ld, workspace_size, workspace);
    if (shape != LUPINE_OK) return shape;
    if (refine_steps < 0) {
      return fail(LUPINE_ERROR_INVALID_ARGUMENT, std::string(function) +
                                                     ": refine_steps must be >= 0, got " +
                                                     std::to_string(refine_steps));
    }
    if (nrhs == 0) {
      if (backward_error) *backward_error = 0;
      return LUPINE_OK;
    }
    LUPINE_REQUIRE(B, function);
    LUPINE_REQUIRE(X, function);
    lupine::SolveWorkspace<Scalar> scratch;
    scratch.use(scalars<Scalar>(workspace), workspace_size / doubles_per_scalar<Scalar>);
    const lupine::SolveReport report = visit(numeric, [&](const auto& factorization) {
      using Index = decltype(factorization.size());
      return factorization.solve(scalars<Scalar>(B), scalars<Scalar>(X), static_cast<Index>(nrhs),
                                 static_cast<Index>(ld), transpose_of<Scalar>(op), refine_steps,
                                 scratch);
    });
    if (backward_error) *backward_error = report.backward_error;
    return LUPINE_OK;
  });
}

template <class Handle>
lupine_status numeric_stats(const char* function, const Handle* numeric, lupine_stats* stats) {
  LUPINE_REQUIRE(numeric, function);
  LUPINE_REQUIRE(stats, function);
  copy_stats(visit(numeric,
                   [](const auto& factorization) -> const lupine::Stats& {
                     return factorization.stats();
                   }),
             true, stats);
  return LUPINE_OK;
}

template <class Handle>
lupine_status condition_estimate(const char* function, const Handle* numeric, double* condition) {
  LUPINE_REQUIRE(numeric, function);
  LUPINE_REQUIRE(condition, function);
  return guarded(numeric->base, [&] {
    const lupine_status factored = require_factored(numeric, function);
    if (factored != LUPINE_OK) return factored;
    *condition = visit(numeric, [](const auto& factorization) {
      return factorization.condition_estimate().condition;
    });
    return LUPINE_OK;
  });
}

// sign: 1 double (real) or 2 (complex, re and im).
template <class Handle>
lupine_status determinant(const char* function, const Handle* numeric, double* sign,
                          double* log_abs) {
  LUPINE_REQUIRE(numeric, function);
  LUPINE_REQUIRE(sign, function);
  LUPINE_REQUIRE(log_abs, function);
  return guarded(numeric->base, [&] {
    const lupine_status factored = require_factored(numeric, function);
    if (factored != LUPINE_OK) return factored;
    const auto determinant =
        visit(numeric, [](const auto& factorization) { return factorization.determinant(); });
    store(determinant.sign, sign);
    *log_abs = determinant.log_abs;
    return LUPINE_OK;
  });
}

// mantissa: 1 double (real) or 2 (complex, re and im).
template <class Handle>
lupine_status determinant_base2(const char* function, const Handle* numeric, double* mantissa,
                                std::int64_t* exponent) {
  LUPINE_REQUIRE(numeric, function);
  LUPINE_REQUIRE(mantissa, function);
  LUPINE_REQUIRE(exponent, function);
  return guarded(numeric->base, [&] {
    const lupine_status factored = require_factored(numeric, function);
    if (factored != LUPINE_OK) return factored;
    const auto determinant =
        visit(numeric, [](const auto& factorization) { return factorization.determinant(); });
    store(determinant.mantissa, mantissa);
    *exponent = determinant.exponent;
    return LUPINE_OK;
  });
}

}  // namespace

namespace lupine::c_api {

// For the C API of the distributed solver (src/distributed/lupine_mpi_c.cpp), which keeps
// its errors in the same per-thread record as every other entry point.
lupine_status record_error(const lupine::Error& error, int base) noexcept {
  return fail_with(error, base);
}
lupine_status record_failure(lupine_status status, const std::string& message) noexcept {
  return fail(status, message);
}

}  // namespace lupine::c_api

extern "C" {

const char* lupine_status_string(int status) {
  switch (status) {
    case LUPINE_OK:
      return "LUPINE_OK";
    case LUPINE_ERROR_INVALID_ARGUMENT:
      return "LUPINE_ERROR_INVALID_ARGUMENT";
    case LUPINE_ERROR_INVALID_MATRIX:
      return "LUPINE_ERROR_INVALID_MATRIX";
    case LUPINE_ERROR_PATTERN_MISMATCH:
      return "LUPINE_ERROR_PATTERN_MISMATCH";
    case LUPINE_ERROR_FILE:
      return "LUPINE_ERROR_FILE";
    case LUPINE_ERROR_PARSE:
      return "LUPINE_ERROR_PARSE";
    case LUPINE_ERROR_UNSUPPORTED:
      return "LUPINE_ERROR_UNSUPPORTED";
    case LUPINE_ERROR_STRUCTURALLY_SINGULAR:
      return "LUPINE_ERROR_STRUCTURALLY_SINGULAR";
    case LUPINE_ERROR_NUMERICALLY_SINGULAR:
      return "LUPINE_ERROR_NUMERICALLY_SINGULAR";
    case LUPINE_ERROR_SIZE_OVERFLOW:
      return "LUPINE_ERROR_SIZE_OVERFLOW";
    case LUPINE_ERROR_OUT_OF_MEMORY:
      return "LUPINE_ERROR_OUT_OF_MEMORY";
    case LUPINE_ERROR_INTERNAL:
      return "LUPINE_ERROR_INTERNAL";
    case LUPINE_ERROR_NULL_ARGUMENT:
      return "LUPINE_ERROR_NULL_ARGUMENT";
    case LUPINE_ERROR_CALL_ORDER:
      return "LUPINE_ERROR_CALL_ORDER";
    case LUPINE_ERROR_NOT_IN_PATTERN:
      return "LUPINE_ERROR_NOT_IN_PATTERN";
    case LUPINE_ERROR_WORKSPACE_TOO_SMALL:
      return "LUPINE_ERROR_WORKSPACE_TOO_SMALL";
    case LUPINE_ERROR_DIMENSION_MISMATCH:
      return "LUPINE_ERROR_DIMENSION_MISMATCH";
    case LUPINE_ERROR_NON_FINITE:
      return "LUPINE_ERROR_NON_FINITE";
    case LUPINE_ERROR_MEMORY_LIMIT:
      return "LUPINE_ERROR_MEMORY_LIMIT";
  }
  return "LUPINE_ERROR_UNKNOWN_STATUS";
}

lupine_status lupine_last_error(lupine_error_info* info) {
  LUPINE_REQUIRE(info, "lupine_last_error");
  *info = last_error;
  return LUPINE_OK;
}

const char* lupine_last_error_message(void) {
  return last_error.message;
}

lupine_status lupine_version(int* major, int* minor, int* patch) {
  if (major) *major = LUPINE_VERSION_MAJOR;
  if (minor) *minor = LUPINE_VERSION_MINOR;
  if (patch) *patch = LUPINE_VERSION_PATCH;
  return LUPINE_OK;
}

const char* lupine_version_string(void) {
  return LUPINE_VERSION_STRING;
}

lupine_status lupine_options_create(lupine_options** options) {
  LUPINE_REQUIRE(options, "lupine_options_create");
  *options = nullptr;
  return guarded(0, [&] {
    *options = new lupine_options();
    return LUPINE_OK;
  });
}

lupine_status lupine_options_destroy(lupine_options* options) {
  delete options;
  return LUPINE_OK;
}

lupine_status lupine_options_set(lupine_options* options, int option, double value) {
  LUPINE_REQUIRE(options, "lupine_options_set");
  lupine::Options& o = options->options;
  const bool integral = is_integral(value);
  const bool flag = integral && (value == 0 || value == 1);
  switch (option) {
    case LUPINE_OPTION_ORDERING:
      if (!integral || value < 0 || value > LUPINE_ORDERING_NATURAL) {
        return out_of_range(option, value, "a lupine_ordering");
      }
      o.ordering = static_cast<lupine::Ordering>(static_cast<int>(value));
      return LUPINE_OK;
    case LUPINE_OPTION_SCALING:
      if (!integral || value < 0 || value > LUPINE_SCALING_SUM) {
        return out_of_range(option, value, "a lupine_scaling");
      }
      o.scaling = static_cast<lupine::Scaling>(static_cast<int>(value));
      return LUPINE_OK;
    case LUPINE_OPTION_PATH:
      if (!integral || value < 0 || value > LUPINE_PATH_SUPERNODAL) {
        return out_of_range(option, value, "a lupine_factor_path");
      }
      o.path = static_cast<lupine::FactorPath>(static_cast<int>(value));
      return LUPINE_OK;
    case LUPINE_OPTION_BTF:
      if (!flag) return out_of_range(option, value, "0 or 1");
      o.btf = value != 0;
      return LUPINE_OK;
    case LUPINE_OPTION_PIVOT_THRESHOLD:
      if (!(value >= 0 && value <= 1)) return out_of_range(option, value, "[0, 1]");
      o.pivot_threshold = value;
      return LUPINE_OK;
    case LUPINE_OPTION_REFACTOR_THRESHOLD:
      if (!(value >= 0 && value <= 1)) return out_of_range(option, value, "[0, 1]");
      o.refactor_threshold = value;
      return LUPINE_OK;
    case LUPINE_OPTION_PERTURB_SINGULAR:
      if (!flag) return out_of_range(option, value, "0 or 1");
      o.perturb_singular_pivots = value != 0;
      return LUPINE_OK;
    case LUPINE_OPTION_PIVOT_PERTURBATION:
      if (!(value > 0 && std::isfinite(value))) {
        return out_of_range(option, value, "a finite value > 0");
      }
      o.pivot_perturbation = value;
      return LUPINE_OK;
    case LUPINE_OPTION_CHECK_FINITE:
      if (!flag) return out_of_range(option, value, "0 or 1");
      o.check_finite = value != 0;
      return LUPINE_OK;
    case LUPINE_OPTION_THREADS:
      if (!integral || value < 0 || value > 4096) {
        return out_of_range(option, value, "an integer in [0, 4096]");
      }
      o.threads = static_cast<int>(value);
      return LUPINE_OK;
    case LUPINE_OPTION_REFACTOR_GROWTH_LIMIT:
      if (!(value >= 0)) return out_of_range(option, value, ">= 0 (0: off)");
      o.refactor_growth_limit = value;
      return LUPINE_OK;
    case LUPINE_OPTION_ESTIMATE_CONDITION:
      if (!flag) return out_of_range(option, value, "0 or 1");
      o.estimate_condition = value != 0;
      return LUPINE_OK;
    case LUPINE_OPTION_PRESUME_DIAGONAL_PIVOTS:
      if (!flag) return out_of_range(option, value, "0 or 1");
      o.presume_diagonal_pivots = value != 0;
      return LUPINE_OK;
    case LUPINE_OPTION_SOLVE_FLUSH_TO_ZERO:
      if (!flag) return out_of_range(option, value, "0 or 1");
      o.solve_flush_to_zero = value != 0;
      return LUPINE_OK;
    case LUPINE_OPTION_RESCALE_ON_REFACTOR:
      if (!flag) return out_of_range(option, value, "0 or 1");
      o.rescale_on_refactor = value != 0;
      return LUPINE_OK;
    case LUPINE_OPTION_MEMORY_LIMIT:
      if (!integral || value < 0 || value > 9.0e18) {
        return out_of_range(option, value, "an integer number of bytes >= 0");
      }
      o.memory_limit = static_cast<std::int64_t>(value);
      return LUPINE_OK;
  }
  return fail(LUPINE_ERROR_INVALID_ARGUMENT,
              "lupine_options_set: unknown option " + std::to_string(option));
}

lupine_status lupine_options_get(const lupine_options* options, int option, double* value) {
  LUPINE_REQUIRE(options, "lupine_options_get");
  LUPINE_REQUIRE(value, "lupine_options_get");
  const lupine::Options& o = options->options;
  switch (option) {
    case LUPINE_OPTION_ORDERING:
      *value = static_cast<int>(o.ordering);
      return LUPINE_OK;
    case LUPINE_OPTION_SCALING:
      *value = static_cast<int>(o.scaling);
      return LUPINE_OK;
    case LUPINE_OPTION_PATH:
      *value = static_cast<int>(o.path);
      return LUPINE_OK;
    case LUPINE_OPTION_BTF:
      *value = o.btf ? 1 : 0;
      return LUPINE_OK;
    case LUPINE_OPTION_PIVOT_THRESHOLD:
      *value = o.pivot_threshold;
      return LUPINE_OK;
    case LUPINE_OPTION_REFACTOR_THRESHOLD:
      *value = o.refactor_threshold;
      return LUPINE_OK;
    case LUPINE_OPTION_PERTURB_SINGULAR:
      *value = o.perturb_singular_pivots ? 1 : 0;
      return LUPINE_OK;
    case LUPINE_OPTION_PIVOT_PERTURBATION:
      *value = o.pivot_perturbation;
      return LUPINE_OK;
    case LUPINE_OPTION_CHECK_FINITE:
      *value = o.check_finite ? 1 : 0;
      return LUPINE_OK;
    case LUPINE_OPTION_THREADS:
      *value = o.threads;
      return LUPINE_OK;
    case LUPINE_OPTION_MEMORY_LIMIT:
      *value = static_cast<double>(o.memory_limit);
      return LUPINE_OK;
    case LUPINE_OPTION_REFACTOR_GROWTH_LIMIT:
      *value = o.refactor_growth_limit;
      return LUPINE_OK;
    case LUPINE_OPTION_ESTIMATE_CONDITION:
      *value = o.estimate_condition ? 1 : 0;
      return LUPINE_OK;
    case LUPINE_OPTION_PRESUME_DIAGONAL_PIVOTS:
      *value = o.presume_diagonal_pivots ? 1 : 0;
      return LUPINE_OK;
    case LUPINE_OPTION_SOLVE_FLUSH_TO_ZERO:
      *value = o.solve_flush_to_zero ? 1 : 0;
      return LUPINE_OK;
    case LUPINE_OPTION_RESCALE_ON_REFACTOR:
      *value = o.rescale_on_refactor ? 1 : 0;
      return LUPINE_OK;
  }
  return fail(LUPINE_ERROR_INVALID_ARGUMENT,
              "lupine_options_get: unknown option " + std::to_string(option));
}

lupine_status lupine_analyze(const lupine_options* options, int64_t n, const int32_t* col_ptr,
                             const int32_t* row_indices, int base, lupine_symbolic** symbolic) {
  return analyze_pattern(options, n, col_ptr, row_indices, base, symbolic);
}

lupine_status lupine_analyze_i64(const lupine_options* options, int64_t n, const int64_t* col_ptr,
                                 const int64_t* row_indices, int base, lupine_symbolic** symbolic) {
  return analyze_pattern(options, n, col_ptr, row_indices, base, symbolic);
}

lupine_status lupine_symbolic_destroy(lupine_symbolic* symbolic) {
  delete symbolic;
  return LUPINE_OK;
}

lupine_status lupine_symbolic_size(const lupine_symbolic* symbolic, int64_t* n, int64_t* nnz) {
  LUPINE_REQUIRE(symbolic, "lupine_symbolic_size");
  visit(symbolic, [&](const auto& analysis) {
    if (n) *n = analysis.size();
    if (nnz) *nnz = analysis.nnz();
  });
  return LUPINE_OK;
}

lupine_status lupine_symbolic_slot(const lupine_symbolic* symbolic, int64_t row, int64_t column,
                                   int64_t* slot) {
  LUPINE_REQUIRE(symbolic, "lupine_symbolic_slot");
  LUPINE_REQUIRE(slot, "lupine_symbolic_slot");
  return lupine_symbolic_slots(symbolic, 1, &row, &column, slot);
}

lupine_status lupine_symbolic_slots(const lupine_symbolic* symbolic, int64_t count,
                                    const int64_t* rows, const int64_t* columns, int64_t* slots) {
  const char* function = "lupine_symbolic_slots";
  LUPINE_REQUIRE(symbolic, function);
  if (count < 0) {
    return fail(LUPINE_ERROR_INVALID_ARGUMENT,
                std::string(function) + ": count must be >= 0, got " + std::to_string(count));
  }
  if (count == 0) return LUPINE_OK;
  LUPINE_REQUIRE(rows, function);
  LUPINE_REQUIRE(columns, function);
  LUPINE_REQUIRE(slots, function);
  return visit(symbolic, [&](const auto& analysis) {
    const auto& data = analysis.data();
    const std::int64_t n = data.n;
    const int base = symbolic->base;
    for (std::int64_t k = 0; k < count; ++k) {
      const std::int64_t i = rows[k] - base;
      const std::int64_t j = columns[k] - base;
      const std::int64_t slot = pattern_slot(data, i, j);
      if (slot < 0) {
        const bool inside = i >= 0 && i < n && j >= 0 && j < n;
        return fail(LUPINE_ERROR_NOT_IN_PATTERN,
                    std::string(function) + ": entry " + std::to_string(k) + ", (row " +
                        std::to_string(rows[k]) + ", column " + std::to_string(columns[k]) + "), " +
                        (inside ? "is not in the analyzed pattern"
                                : "is outside the matrix [" + std::to_string(base) + ", " +
                                      std::to_string(n - 1 + base) + "]"),
                    rows[k], columns[k]);
      }
      slots[k] = slot;
    }
    return LUPINE_OK;
  });
}

lupine_status lupine_factor(const lupine_symbolic* symbolic, const double* values,
                            lupine_numeric** numeric) {
  return factor_new("lupine_factor", symbolic, values, numeric);
}

lupine_status lupine_numeric_factor(lupine_numeric* numeric, const double* values) {
  return factor_again("lupine_numeric_factor", numeric, values);
}

lupine_status lupine_refactor(lupine_numeric* numeric, const double* values, int* pivots_reused) {
  return refactor_values("lupine_refactor", numeric, values, pivots_reused);
}

lupine_status lupine_refactor_options_init(lupine_refactor_options* options) {
  LUPINE_REQUIRE(options, "lupine_refactor_options_init");
  options->refactor_threshold = -1;
  options->refactor_growth_limit = -1;
  options->pivot_threshold = -1;
  options->force_repivot = 0;
  options->shifted_rows = nullptr;
  options->shifted_row_count = 0;
  options->diagonal_shift = 0;
  return LUPINE_OK;
}

lupine_status lupine_refactor_with(lupine_numeric* numeric, const double* values,
                                   const lupine_refactor_options* options, int* pivots_reused) {
  return refactor_values_with("lupine_refactor_with", numeric, values, options, pivots_reused);
}

lupine_status lupine_numeric_destroy(lupine_numeric* numeric) {
  delete numeric;
  return LUPINE_OK;
}

lupine_status lupine_solve_workspace_size(const lupine_numeric* numeric, int64_t nrhs,
                                          size_t* size) {
  return solve_workspace_size("lupine_solve_workspace_size", numeric, nrhs, size);
}

lupine_status lupine_solve(const lupine_numeric* numeric, int op, int64_t nrhs, double* B,
                           int64_t ldb, double* workspace, size_t workspace_size) {
  return solve_in_place("lupine_solve", numeric, op, nrhs, B, ldb, workspace, workspace_size);
}

lupine_status lupine_solve_refined(const lupine_numeric* numeric, int op, int64_t nrhs,
                                   const double* B, double* X, int64_t ld, int refine_steps,
                                   double* backward_error, double* workspace,
                                   size_t workspace_size) {
  return solve_refined("lupine_solve_refined", numeric, op, nrhs, B, X, ld, refine_steps,
                       backward_error, workspace, workspace_size);
}

lupine_status lupine_symbolic_stats(const lupine_symbolic* symbolic, lupine_stats* stats) {
  LUPINE_REQUIRE(symbolic, "lupine_symbolic_stats");
  LUPINE_REQUIRE(stats, "lupine_symbolic_stats");
  copy_stats(visit(symbolic,
                   [](const auto& analysis) -> const lupine::Stats& { return analysis.stats(); }),
             false, stats);
  return LUPINE_OK;
}

lupine_status lupine_numeric_stats(const lupine_numeric* numeric, lupine_stats* stats) {
  return numeric_stats("lupine_numeric_stats", numeric, stats);
}

lupine_status lupine_condition_estimate(const lupine_numeric* numeric, double* condition) {
  return condition_estimate("lupine_condition_estimate", numeric, condition);
}

lupine_status lupine_determinant(const lupine_numeric* numeric, double* sign, double* log_abs) {
  return determinant("lupine_determinant", numeric, sign, log_abs);
}

lupine_status lupine_determinant_base2(const lupine_numeric* numeric, double* mantissa,
                                       int64_t* exponent) {
  return determinant_base2("lupine_determinant_base2", numeric, mantissa, exponent);
}

/* ---- complex ---- */

lupine_status lupine_zfactor(const lupine_symbolic* symbolic, const double* values,
                             lupine_znumeric** numeric) {
  return factor_new("lupine_zfactor", symbolic, values, numeric);
}

lupine_status lupine_znumeric_factor(lupine_znumeric* numeric, const double* values) {
  return factor_again("lupine_znumeric_factor", numeric, values);
}

lupine_status lupine_zrefactor(lupine_znumeric* numeric, const double* values, int* pivots_reused) {
  return refactor_values("lupine_zrefactor", numeric, values, pivots_reused);
}

lupine_status lupine_zrefactor_with(lupine_znumeric* numeric, const double* values,
                                    const lupine_refactor_options* options, int* pivots_reused) {
  return refactor_values_with("lupine_zrefactor_with", numeric, values, options, pivots_reused);
}

lupine_status lupine_znumeric_destroy(lupine_znumeric* numeric) {
  delete numeric;
  return LUPINE_OK;
}

lupine_status lupine_zsolve_workspace_size(const lupine_znumeric* numeric, int64_t nrhs,
                                           size_t* size) {
  return solve_workspace_size("lupine_zsolve_workspace_size", numeric, nrhs, size);
}

lupine_status lupine_zsolve(const lupine_znumeric* numeric, int op, int64_t nrhs, double* B,
                            int64_t ldb, double* workspace, size_t workspace_size) {
  return solve_in_place("lupine_zsolve", numeric, op, nrhs, B, ldb, workspace, workspace_size);
}

lupine_status lupine_zsolve_refined(const lupine_znumeric* numeric, int op, int64_t nrhs,
                                    const double* B, double* X, int64_t ld, int refine_steps,
                                    double* backward_error, double* workspace,
                                    size_t workspace_size) {
  return solve_refined("lupine_zsolve_refined", numeric, op, nrhs, B, X, ld, refine_steps,
                       backward_error, workspace, workspace_size);
}

lupine_status lupine_znumeric_stats(const lupine_znumeric* numeric, lupine_stats* stats) {
  return numeric_stats("lupine_znumeric_stats", numeric, stats);
}

lupine_status lupine_zcondition_estimate(const lupine_znumeric* numeric, double* condition) {
  return condition_estimate("lupine_zcondition_estimate", numeric, condition);
}

lupine_status lupine_zdeterminant(const lupine_znumeric* numeric, double* sign, double* log_abs) {
  return determinant("lupine_zdeterminant", numeric, sign, log_abs);
}

lupine_status lupine_zdeterminant_base2(const lupine_znumeric* numeric, double* mantissa,
                                        int64_t* exponent) {
  return determinant_base2("lupine_zdeterminant_base2", numeric, mantissa, exponent);
}

}  // extern "C"
