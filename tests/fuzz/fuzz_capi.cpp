// libFuzzer target: the bytes are a program of C API calls (lupine.h) on a few handles:
// options set by key to arbitrary values, analyses of arbitrary int32/int64 arrays in base
// 0, 1 or neither, factor/refactor/solve with wrong sizes and NULL pointers mixed in, in any
// order. Nothing may crash, every status must be a lupine_status, a failing call must leave
// that status as the thread's last error, and every call given a NULL handle must say so.
//
// Every numeric call also runs on a complex twin handle (lupine_z*), with the same choices
// and complex values made from the real ones, so the complex entry points see the same
// programs without the bytes being read any differently (the corpus replays as before).
// Choices are read one statement at a time, front to back, not inside a call's argument
// list, whose evaluation order C++ leaves to the compiler.
//
// The arrays the harness passes always hold what the arguments declare (n + 1 column
// pointers, nnz values, ld * nrhs right-hand sides): a C caller that lies about its array
// sizes is outside any C API's reach.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "lupine/lupine.h"

namespace {

using fuzz::inf;
using fuzz::nan;
using fuzz::pick;

/// Checks a returned status and, for a failure, the thread's last error.
lupine_status checked(lupine_status status) {
  const int code = static_cast<int>(status);
  // lupine_status_string knows every status (the C test checks it), and only those.
  if (std::strcmp(lupine_status_string(code), "LUPINE_ERROR_UNKNOWN_STATUS") == 0) {
    fuzz::fail("status " + std::to_string(code) + " is not a lupine_status");
  }
  if (status != LUPINE_OK) {
    lupine_error_info info;
    fuzz::check(lupine_last_error(&info) == LUPINE_OK, "lupine_last_error failed");
    fuzz::check(info.status == status, "the last error is not the status just returned");
    fuzz::check(std::memchr(info.message, '\0', sizeof info.message) != nullptr,
                "the last error message is not terminated");
    fuzz::check(info.message[0] != '\0', "a failure without a message");
    fuzz::check(std::strcmp(lupine_last_error_message(), info.message) == 0,
                "lupine_last_error_message differs from lupine_last_error");
  }
  return status;
}

double option_value(fuzz::Bytes& bytes) {
  static const double values[] = {0,    1,    2,    3,   4,   5,   -1,   0.5,  1e-10,
                                  1e-3, 1e18, 1e19, 2.5, nan, inf, -inf, 4096, 1e300};
  return pick(bytes, values);
}

struct State {
  lupine_options* options = nullptr;
  lupine_symbolic* symbolic = nullptr;
  lupine_numeric* numeric = nullptr;
  std::int64_t numeric_n = 0;           // order of the numeric handle's analysis
  std::int64_t numeric_nnz = 0;         // entries of the numeric handle's analysis
  lupine_znumeric* znumeric = nullptr;  // the complex twin, made and changed with `numeric`
  std::int64_t znumeric_n = 0;
  std::int64_t znumeric_nnz = 0;

  ~State() {
    lupine_znumeric_destroy(znumeric);
    lupine_numeric_destroy(numeric);
    lupine_symbolic_destroy(symbolic);
    lupine_options_destroy(options);
  }
};

// The calls of each handle kind, so that one harness function drives both.
lupine_status workspace_size(const lupine_numeric* numeric, std::int64_t nrhs, std::size_t* size) {
  return lupine_solve_workspace_size(numeric, nrhs, size);
}
lupine_status workspace_size(const lupine_znumeric* numeric, std::int64_t nrhs, std::size_t* size) {
  return lupine_zsolve_workspace_size(numeric, nrhs, size);
}
lupine_status solve_call(const lupine_numeric* numeric, int op, std::int64_t nrhs, double* B,
                         std::int64_t ld, double* workspace, std::size_t size) {
  return lupine_solve(numeric, op, nrhs, B, ld, workspace, size);
}
lupine_status solve_call(const lupine_znumeric* numeric, int op, std::int64_t nrhs, double* B,
                         std::int64_t ld, double* workspace, std::size_t size) {
  return lupine_zsolve(numeric, op, nrhs, B, ld, workspace, size);
}
lupine_status refined_call(const lupine_numeric* numeric, int op, std::int64_t nrhs,
                           const double* B, double* X, std::int64_t ld, int steps,
                           double* backward_error, double* workspace, std::size_t size) {
  return lupine_solve_refined(numeric, op, nrhs, B, X, ld, steps, backward_error, workspace, size);
}
lupine_status refined_call(const lupine_znumeric* numeric, int op, std::int64_t nrhs,
                           const double* B, double* X, std::int64_t ld, int steps,
                           double* backward_error, double* workspace, std::size_t size) {
  return lupine_zsolve_refined(numeric, op, nrhs, B, X, ld, steps, backward_error, workspace, size);
}
// Doubles per matrix entry: 1 real, 2 complex (interleaved re, im).
constexpr std::int64_t doubles_per_entry(const lupine_numeric*) {
  return 1;
}
constexpr std::int64_t doubles_per_entry(const lupine_znumeric*) {
  return 2;
}

/// Values for a pattern of `nnz` entries (NaN and Inf sometimes), or NULL sometimes.
const double* values_of(fuzz::Bytes& bytes, std::int64_t nnz, std::vector<double>& values) {
  static const double specials[] = {0, 1, -1, 1e-300, 1e300, nan, inf, 4, 0.25};
  values.assign(static_cast<std::size_t>(std::max<std::int64_t>(nnz, 1)), 0.0);
  const unsigned mode = bytes.below(8);
  for (double& value : values) {
    value = mode == 0 ? pick(bytes, specials) : (static_cast<int>(bytes.byte() % 17) - 8) / 2.0;
  }
  if (mode < 7) {
    for (std::int64_t k = 0; k * 9 < nnz; ++k) values[k * 9] += 3;  // some diagonal dominance
  }
  return bytes.below(16) == 0 ? nullptr : values.data();
}

/// The complex twin's values for a pattern of `nnz` entries, from the real ones the step
/// drew: entry k is real[k] + i real[3k + 1] / 2 (indices modulo their count), so the
/// imaginary parts carry the same specials; NULL when the real call got NULL.
const double* complex_values_of(const double* real, const std::vector<double>& values,
                                std::int64_t nnz, std::vector<double>& complex_values) {
  const std::size_t count = static_cast<std::size_t>(std::max<std::int64_t>(nnz, 1));
  complex_values.assign(2 * count, 0.0);
  for (std::size_t k = 0; k < count; ++k) {
    complex_values[2 * k] = values[k % values.size()];
    complex_values[2 * k + 1] = values[(3 * k + 1) % values.size()] / 2;
  }
  return real == nullptr ? nullptr : complex_values.data();
}

template <class Source>
void analyze(State& state, fuzz::Bytes& bytes, bool wide) {
  // Orders past 2^31 - 1 are refused before the arrays are read with 32-bit indices only:
  // lupine_analyze_i64 takes them, and would read n + 1 column pointers.
  static const std::int64_t huge_orders[] = {-1, -100, std::int64_t{1} << 31,
                                             std::int64_t{1} << 40};
  static const std::int64_t negative_orders[] = {-1, -100};
  const int base = static_cast<int>(bytes.below(4)) - (bytes.below(8) == 0 ? 2 : 0);
  const bool huge = bytes.below(16) == 0;
  const std::int64_t n =
      huge ? (wide ? pick(bytes, negative_orders) : pick(bytes, huge_orders)) : bytes.below(13);
  const int usual_base = base == 1 ? 1 : 0;
  std::vector<Source> col_ptr(static_cast<std::size_t>(huge ? 1 : n + 1));
  col_ptr[0] = static_cast<Source>(bytes.below(16) == 0 ? usual_base + 1 : usual_base);
  for (std::size_t j = 1; j < col_ptr.size(); ++j) {
    // Mostly a few more entries per column, sometimes decreasing pointers.
    const int step = bytes.below(16) == 0 ? -1 : static_cast<int>(bytes.below(5));
    col_ptr[j] = static_cast<Source>(col_ptr[j - 1] + step);
  }
  std::int64_t nnz = static_cast<std::int64_t>(col_ptr.back()) - usual_base;
  if (huge) nnz = 0;
  std::vector<Source> rows(static_cast<std::size_t>(std::max<std::int64_t>(nnz, 1)));
  // Rows increasing inside each column (the contract), with some outside the matrix.
  for (std::size_t j = 0; j + 1 < col_ptr.size(); ++j) {
    Source row = static_cast<Source>(usual_base + bytes.below(3));
    for (std::int64_t p = col_ptr[j] - usual_base; p < col_ptr[j + 1] - usual_base; ++p) {
      if (p < 0 || p >= nnz) break;
      rows[static_cast<std::size_t>(p)] =
          bytes.below(32) == 0 ? static_cast<Source>(static_cast<int>(bytes.byte()) - 3) : row;
      row = static_cast<Source>(row + 1 + bytes.below(3));
    }
  }
  const lupine_options* options = bytes.below(4) == 0 ? nullptr : state.options;
  const Source* col_ptr_argument = bytes.below(32) == 0 ? nullptr : col_ptr.data();
  const Source* rows_argument = bytes.below(32) == 0 ? nullptr : rows.data();
  lupine_symbolic* made = nullptr;
  lupine_status status;
  if (wide) {
    status = lupine_analyze_i64(options, n, reinterpret_cast<const int64_t*>(col_ptr_argument),
                                reinterpret_cast<const int64_t*>(rows_argument), base, &made);
  } else {
    status = lupine_analyze(options, n, reinterpret_cast<const int32_t*>(col_ptr_argument),
                            reinterpret_cast<const int32_t*>(rows_argument), base, &made);
  }
  checked(status);
  fuzz::check((status == LUPINE_OK) == (made != nullptr),
              "lupine_analyze sets the handle exactly when it succeeds");
  if (made != nullptr) {
    lupine_symbolic_destroy(state.symbolic);
    state.symbolic = made;
  }
}

/// The choices of one solve step, shared by the real handle and its complex twin.
struct SolveChoices {
  std::int64_t nrhs = 0;
  int ld_offset = 0;  // ld = max(n, 1) + ld_offset
  int op = 0;
  int workspace_mode = 0;
  bool null_workspace = false;
  bool null_b = false;
  bool x_is_b = false;  // refined: X = B (in place)
  int refine_steps = 0;
  bool backward_error = false;
};

/// Whether B is passed (not NULL) to a handle of order n: buffers hold ld * nrhs entries
/// whenever the call could be valid, and for an nrhs too large for any buffer only NULL may
/// be passed honestly.
bool passes_b(const SolveChoices& choices, std::int64_t n) {
  const std::int64_t ld = std::max<std::int64_t>(n, 1) + choices.ld_offset;
  return !choices.null_b && (choices.nrhs <= 0 || (choices.nrhs < 8 && ld > 0));
}

template <class Handle>
void run_solve(const Handle* numeric, std::int64_t n, const SolveChoices& choices, bool refined) {
  const std::int64_t per_entry = doubles_per_entry(numeric);
  const std::int64_t nrhs = choices.nrhs;
  const std::int64_t ld = std::max<std::int64_t>(n, 1) + choices.ld_offset;
  const std::int64_t held = nrhs > 0 && nrhs < 8 && ld > 0 ? ld * nrhs : 1;
  std::vector<double> b(static_cast<std::size_t>(held * per_entry));
  for (std::size_t k = 0; k < b.size(); ++k) b[k] = static_cast<double>(k % 7) - 3;
  std::vector<double> x(b.size(), nan);
  std::size_t needed = 0;
  if (numeric != nullptr) {
    checked(workspace_size(numeric, std::max<std::int64_t>(nrhs, 1), &needed));
  }
  std::size_t size = needed;
  switch (choices.workspace_mode) {
    case 1:
      size = needed > 0 ? needed - 1 : 0;
      break;
    case 2:
      size = 0;
      break;
    case 3:
      size = needed + 16;
      break;
    default:
      break;
  }
  std::vector<double> workspace(std::max<std::size_t>(size, 1));
  double* workspace_argument = choices.null_workspace ? nullptr : workspace.data();
  double* b_argument = passes_b(choices, n) ? b.data() : nullptr;
  lupine_status status;
  if (refined) {
    double* x_argument = b_argument == nullptr ? nullptr : (choices.x_is_b ? b.data() : x.data());
    double berr = 0;
    status =
        refined_call(numeric, choices.op, nrhs, b_argument, x_argument, ld, choices.refine_steps,
                     choices.backward_error ? &berr : nullptr, workspace_argument, size);
  } else {
    status = solve_call(numeric, choices.op, nrhs, b_argument, ld, workspace_argument, size);
  }
  checked(status);
  if (numeric == nullptr) fuzz::check(status == LUPINE_ERROR_NULL_ARGUMENT, "NULL numeric");
}

void solve(State& state, fuzz::Bytes& bytes, bool refined) {
  static const std::int64_t nrhs_values[] = {1, 2, 0, 3, -1, std::int64_t{1} << 33};
  static const int workspace_modes[] = {0, 0, 0, 1, 2, 3};
  SolveChoices choices;
  choices.nrhs = pick(bytes, nrhs_values);
  choices.ld_offset = static_cast<int>(bytes.below(4)) - 1;
  choices.op = static_cast<int>(bytes.below(3));
  if (bytes.below(8) == 0) choices.op -= 5;
  choices.workspace_mode = pick(bytes, workspace_modes);
  choices.null_workspace = bytes.below(16) == 0;
  choices.null_b = bytes.below(16) == 0;
  if (refined) {
    // (read only when the real handle's B is passed, as this target always has)
    if (passes_b(choices, state.numeric_n)) choices.x_is_b = !bytes.flag();
    choices.refine_steps = static_cast<int>(bytes.below(5)) - 1;
    choices.backward_error = bytes.flag();
  }
  run_solve(state.numeric, state.numeric_n, choices, refined);
  run_solve(state.znumeric, state.znumeric_n, choices, refined);
}

void step(State& state, fuzz::Bytes& bytes) {
  std::vector<double> values;
  std::vector<double> zvalues;
  switch (bytes.below(18)) {
    case 0: {
      const int option = static_cast<int>(bytes.below(15)) - 1;
      checked(lupine_options_set(bytes.below(16) == 0 ? nullptr : state.options, option,
                                 option_value(bytes)));
      break;
    }
    case 1: {
      double value = 0;
      checked(lupine_options_get(state.options, static_cast<int>(bytes.below(15)) - 1,
                                 bytes.below(8) == 0 ? nullptr : &value));
      break;
    }
    case 2:
      if (state.options == nullptr) {
        checked(lupine_options_create(&state.options));
      } else if (bytes.below(4) == 0) {
        lupine_options_destroy(state.options);
        state.options = nullptr;
      }
      break;
    case 3:
      analyze<std::int32_t>(state, bytes, false);
      break;
    case 4:
      analyze<std::int64_t>(state, bytes, true);
      break;
    case 5: {
      std::int64_t n = 0;
      std::int64_t nnz = 0;
      const lupine_status status = checked(lupine_symbolic_size(
          state.symbolic, bytes.flag() ? &n : nullptr, bytes.flag() ? &nnz : nullptr));
      if (state.symbolic == nullptr)
        fuzz::check(status == LUPINE_ERROR_NULL_ARGUMENT, "NULL symbolic");
      lupine_stats stats;
      checked(lupine_symbolic_stats(state.symbolic, bytes.below(8) == 0 ? nullptr : &stats));
      break;
    }
    case 6: {
      std::int64_t slot = -5;
      const std::int64_t row = static_cast<int>(bytes.byte()) % 16 - 2;
      const std::int64_t column = static_cast<int>(bytes.byte()) % 16 - 2;
      const lupine_status status = checked(
          lupine_symbolic_slot(state.symbolic, row, column, bytes.below(8) == 0 ? nullptr : &slot));
      if (status == LUPINE_OK) {
        std::int64_t nnz = 0;
        lupine_symbolic_size(state.symbolic, nullptr, &nnz);
        fuzz::check(slot >= 0 && slot < nnz, "a slot outside the values array");
      }
      break;
    }
    case 7: {
      const std::int64_t count = static_cast<int>(bytes.below(6)) - 1;
      std::vector<std::int64_t> rows(8), columns(8), slots(8);
      for (std::size_t k = 0; k < 8; ++k) {
        rows[k] = static_cast<int>(bytes.byte()) % 14 - 1;
        columns[k] = static_cast<int>(bytes.byte()) % 14 - 1;
      }
      checked(lupine_symbolic_slots(state.symbolic, count, rows.data(),
                                    bytes.below(16) == 0 ? nullptr : columns.data(), slots.data()));
      break;
    }
    case 8: {
      std::int64_t n = 0;
      std::int64_t nnz = 0;
      if (state.symbolic != nullptr) lupine_symbolic_size(state.symbolic, &n, &nnz);
      const double* real = values_of(bytes, nnz, values);
      const bool null_handle = bytes.below(32) == 0;
      lupine_numeric* made = reinterpret_cast<lupine_numeric*>(&state);  // must be reset
      const lupine_status status =
          checked(lupine_factor(state.symbolic, real, null_handle ? nullptr : &made));
      if (status == LUPINE_OK) {
        lupine_numeric_destroy(state.numeric);
        state.numeric = made;
        state.numeric_n = n;
        state.numeric_nnz = nnz;
      } else if (made != reinterpret_cast<lupine_numeric*>(&state)) {
        fuzz::check(made == nullptr, "a failed lupine_factor leaves a handle");
      }
      lupine_znumeric* zmade = reinterpret_cast<lupine_znumeric*>(&state);
      const lupine_status zstatus =
          checked(lupine_zfactor(state.symbolic, complex_values_of(real, values, nnz, zvalues),
                                 null_handle ? nullptr : &zmade));
      if (zstatus == LUPINE_OK) {
        lupine_znumeric_destroy(state.znumeric);
        state.znumeric = zmade;
        state.znumeric_n = n;
        state.znumeric_nnz = nnz;
      } else if (zmade != reinterpret_cast<lupine_znumeric*>(&state)) {
        fuzz::check(zmade == nullptr, "a failed lupine_zfactor leaves a handle");
      }
      break;
    }
    case 9: {
      const double* real = values_of(bytes, state.numeric_nnz, values);
      checked(lupine_numeric_factor(state.numeric, real));
      checked(lupine_znumeric_factor(state.znumeric,
                                     complex_values_of(real, values, state.znumeric_nnz, zvalues)));
      break;
    }
    case 10: {
      const double* real = values_of(bytes, state.numeric_nnz, values);
      const bool report = bytes.flag();
      int reused = -1;
      const lupine_status status =
          checked(lupine_refactor(state.numeric, real, report ? &reused : nullptr));
      if (status == LUPINE_OK && reused != -1) fuzz::check(reused == 0 || reused == 1, "reused");
      int zreused = -1;
      const lupine_status zstatus = checked(lupine_zrefactor(
          state.znumeric, complex_values_of(real, values, state.znumeric_nnz, zvalues),
          report ? &zreused : nullptr));
      if (zstatus == LUPINE_OK && zreused != -1) {
        fuzz::check(zreused == 0 || zreused == 1, "reused (complex)");
      }
      break;
    }
    case 11: {
      static const double thresholds[] = {-1, 0, 1e-10, 0.5, 1, 2, nan};
      lupine_refactor_options options;
      checked(lupine_refactor_options_init(&options));
      options.refactor_threshold = pick(bytes, thresholds);
      options.refactor_growth_limit = pick(bytes, thresholds);
      options.pivot_threshold = pick(bytes, thresholds);
      options.force_repivot = bytes.byte() % 3;
      std::vector<std::int64_t> rows(6);
      for (std::int64_t& row : rows) row = static_cast<int>(bytes.byte()) % 15 - 1;
      options.shifted_row_count = static_cast<int>(bytes.below(8)) - 1;
      options.shifted_rows = bytes.below(8) == 0 ? nullptr : rows.data();
      if (options.shifted_row_count > 6) options.shifted_row_count = 6;
      options.diagonal_shift = pick(bytes, thresholds);
      const double* real = values_of(bytes, state.numeric_nnz, values);
      const lupine_refactor_options* given = bytes.below(8) == 0 ? nullptr : &options;
      int reused = -1;
      checked(lupine_refactor_with(state.numeric, real, given, &reused));
      checked(lupine_zrefactor_with(state.znumeric,
                                    complex_values_of(real, values, state.znumeric_nnz, zvalues),
                                    given, &reused));
      break;
    }
    case 12: {
      static const std::int64_t nrhs_values[] = {1, 4, 0, -1, std::int64_t{1} << 31};
      const std::int64_t nrhs = pick(bytes, nrhs_values);
      std::size_t size = 0;
      std::size_t* size_argument = bytes.below(8) == 0 ? nullptr : &size;
      checked(lupine_solve_workspace_size(state.numeric, nrhs, size_argument));
      const lupine_status zstatus =
          checked(lupine_zsolve_workspace_size(state.znumeric, nrhs, size_argument));
      if (zstatus == LUPINE_OK) fuzz::check(size % 2 == 0, "an odd complex workspace size");
      break;
    }
    case 13:
      solve(state, bytes, false);
      break;
    case 14:
      solve(state, bytes, true);
      break;
    case 15: {
      lupine_stats stats;
      lupine_stats* stats_argument = bytes.below(8) == 0 ? nullptr : &stats;
      checked(lupine_numeric_stats(state.numeric, stats_argument));
      checked(lupine_znumeric_stats(state.znumeric, stats_argument));
      double sign = 0;
      double log_abs = 0;
      double* log_abs_argument = bytes.below(8) == 0 ? nullptr : &log_abs;
      lupine_status status = checked(lupine_determinant(state.numeric, &sign, log_abs_argument));
      if (status == LUPINE_OK) {
        fuzz::check(sign == 0 || sign == 1 || sign == -1 || std::isnan(sign), "determinant sign");
      }
      double zsign[2] = {0, 0};
      status = checked(lupine_zdeterminant(state.znumeric, zsign, log_abs_argument));
      if (status == LUPINE_OK) {
        const double modulus = std::hypot(zsign[0], zsign[1]);
        fuzz::check(modulus == 0 || std::abs(modulus - 1) < 1e-12 || std::isnan(modulus),
                    "complex determinant sign of modulus 1");
      }
      double mantissa[2] = {0, 0};
      double* mantissa_argument = bytes.below(8) == 0 ? nullptr : mantissa;
      std::int64_t exponent = 0;
      checked(lupine_determinant_base2(state.numeric, mantissa_argument, &exponent));
      status = checked(lupine_zdeterminant_base2(state.znumeric, mantissa_argument, &exponent));
      if (status == LUPINE_OK) {
        const double modulus = std::hypot(mantissa[0], mantissa[1]);
        fuzz::check(modulus == 0 || std::isnan(modulus) ||
                        (modulus >= 0.5 * (1 - 1e-12) && modulus < 1 + 1e-12),
                    "complex determinant mantissa of modulus in [0.5, 1)");
      }
      double condition = 0;
      status = checked(lupine_condition_estimate(state.numeric, &condition));
      if (status == LUPINE_OK) fuzz::check(!(condition < 0), "a negative condition estimate");
      status = checked(lupine_zcondition_estimate(state.znumeric, &condition));
      if (status == LUPINE_OK) fuzz::check(!(condition < 0), "a negative condition estimate");
      break;
    }
    case 16:
      if (bytes.flag()) {
        lupine_numeric_destroy(state.numeric);
        state.numeric = nullptr;
        state.numeric_n = 0;
        state.numeric_nnz = 0;
        lupine_znumeric_destroy(state.znumeric);
        state.znumeric = nullptr;
        state.znumeric_n = 0;
        state.znumeric_nnz = 0;
      } else {
        lupine_symbolic_destroy(state.symbolic);
        state.symbolic = nullptr;
      }
      break;
    default: {
      lupine_error_info info;
      checked(lupine_last_error(bytes.below(8) == 0 ? nullptr : &info));
      fuzz::check(lupine_status_string(static_cast<int>(bytes.byte()) - 20) != nullptr,
                  "lupine_status_string returned NULL");
      int major = 0;
      checked(lupine_version(&major, nullptr, nullptr));
      break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Bytes bytes(data, size);
  State state;
  if (bytes.flag()) checked(lupine_options_create(&state.options));
  for (int k = 0; k < 48 && !bytes.empty(); ++k) step(state, bytes);
  return 0;
}
