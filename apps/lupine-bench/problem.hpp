// Everything one matrix's benchmark needs, loaded once in the parent so that every solver
// gets exactly the same matrix, right-hand sides and refactorization values.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "adapter.hpp"
#include "discovery.hpp"
#include "lupine/dense.hpp"

namespace lupine_bench {

template <class Scalar>
struct ProblemOf {
  std::string name;
  std::string group;
  MatrixOf<Scalar> matrix;  // the values of the first factorization
  /// n x rhs_count; column 0 from <name>_b when present, else A * ones.
  lupine::DenseMatrix<Scalar> right_hand_sides;
  /// One value array (nnz, in the matrix's entry order) per refactorization call.
  std::vector<std::vector<Scalar>> refactor_values;
  /// Maximum matching size of the pattern; below n, every solver must fail.
  std::int64_t structural_rank = 0;
  /// The leading columns of right_hand_sides that come from the <name>_b file.
  std::int64_t right_hand_sides_from_file = 0;
  /// ω of a complex-shifted real matrix (complex_shifted); NaN for a matrix as read.
  double complex_shift = std::numeric_limits<double>::quiet_NaN();
};
using Problem = ProblemOf<double>;
using ComplexProblem = ProblemOf<Complex>;

/// What the header tells before the whole file is read.
struct MatrixPeek {
  bool known = false;    // n and stored_entries are known (Matrix Market only)
  bool complex = false;  // Matrix Market field complex, Rutherford-Boeing type C..
  std::int64_t n = -1;
  std::int64_t stored_entries = -1;
};
MatrixPeek peek_matrix(const std::string& path);

/// Reads and prepares input; throws lupine::Error (unsupported for complex values read as
/// real, pattern_mismatch for a sequence member with another pattern, the reader's errors).
/// Instantiated for double and Complex (a real file read as complex has zero imaginary parts).
template <class Scalar>
ProblemOf<Scalar> load_problem(const MatrixInput& input, int rhs_count, int refactor_count);

/// Values a_ij * (1 + 1e-3 u), u uniform in [-1, 1) from a generator seeded by `seed`.
std::vector<double> perturbed_values(const std::vector<double>& values, std::uint64_t seed);

/// s_ij of --complex-shift: a pseudo-random value in [-1, 1) that depends on (row, col)
/// only (0-based): s = 2 h - 1 with h = (z >> 11) 2^-53 and z = mix(mix(row ^ salt) ^ col),
/// mix the SplitMix64 step of lupine::assign_pattern_values and salt = 0x7368696674 (so
/// that s_ij is not the hash those pattern values come from).
double shift_sign(std::int64_t row, std::int64_t col);

/// A + iωC with C_ij = s_ij |a_ij| on A's pattern, for every value array of `real` (the
/// matrix and each refactorization's values), so the shifted problem keeps the pattern,
/// sequence and perturbations of the real one. Right-hand sides from the <name>_b file are
/// kept (as complex numbers); the others are recomputed as A_shifted * v with the same v.
ComplexProblem complex_shifted(const Problem& real, double omega);

}  // namespace lupine_bench
