// Everything one matrix's benchmark needs, loaded once in the parent so that every solver
// gets exactly the same matrix, right-hand sides and refactorization values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "adapter.hpp"
#include "discovery.hpp"
#include "lupine/dense.hpp"

namespace lupine_bench {

struct Problem {
  std::string name;
  std::string group;
  Matrix matrix;  // the values of the first factorization
  /// n x rhs_count; column 0 from <name>_b when present, else A * ones.
  lupine::DenseMatrix<double> right_hand_sides;
  /// One value array (nnz, in the matrix's entry order) per refactorization call.
  std::vector<std::vector<double>> refactor_values;
  /// Maximum matching size of the pattern; below n, every solver must fail.
  std::int64_t structural_rank = 0;
};

/// What the header tells before the whole file is read (Matrix Market only).
struct MatrixPeek {
  bool known = false;  // false for Rutherford-Boeing files
  bool complex = false;
  std::int64_t n = -1;
  std::int64_t stored_entries = -1;
};
MatrixPeek peek_matrix(const std::string& path);

/// Reads and prepares input; throws lupine::Error (unsupported for complex values,
/// pattern_mismatch for a sequence member with another pattern, the reader's errors).
Problem load_problem(const MatrixInput& input, int rhs_count, int refactor_count);

/// Values a_ij * (1 + 1e-3 u), u uniform in [-1, 1) from a generator seeded by `seed`.
std::vector<double> perturbed_values(const std::vector<double>& values, std::uint64_t seed);

}  // namespace lupine_bench
