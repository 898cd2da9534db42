#include "problem.hpp"

#include <btf.h>

#include <cmath>

#include "common/matrix_field.hpp"
#include "discovery.hpp"
#include "lupine/error.hpp"
#include "lupine/io.hpp"
#include "random.hpp"

namespace lupine_bench {
namespace {

using lupine::Error;
using lupine::ErrorKind;

// Fixed seeds: the values depend only on the call number, never on the run or the solver.
constexpr std::uint64_t perturbation_seed = 0x6c7570696e65ULL;
constexpr std::uint64_t right_hand_side_seed = 0x726873ULL;
constexpr std::uint64_t shift_salt = 0x7368696674ULL;  // "shift"

bool is_matrix_market(const std::string& path) {
  return path.size() > 4 && (path.rfind(".mtx") == path.size() - 4 ||
                             (path.size() > 7 && path.rfind(".mtx.gz") == path.size() - 7));
}

void read_values(const std::string& path, Matrix& matrix) {
  bool pattern_only = false;
  matrix = lupine::read_matrix<double, std::int32_t>(path, &pattern_only);
  if (pattern_only || !matrix.has_values()) lupine::assign_pattern_values(matrix);
}

// A pattern file is never complex, so it needs no values of its own here.
void read_values(const std::string& path, ComplexMatrix& matrix) {
  matrix = lupine::read_matrix<Complex, std::int32_t>(path);
}

template <class Scalar>
std::int64_t structural_rank(const MatrixOf<Scalar>& matrix) {
  const std::int32_t n = matrix.cols();
  std::vector<int> match(static_cast<std::size_t>(matrix.rows()));
  std::vector<int> work(5 * static_cast<std::size_t>(n));
  double work_done = 0;
  // btf_maxtrans takes non-const pointers but only reads the pattern.
  return btf_maxtrans(matrix.rows(), n, const_cast<int*>(matrix.col_ptr().data()),
                      const_cast<int*>(matrix.row_indices().data()), 0, &work_done, match.data(),
                      work.data());
}

/// The solution whose product with A is right-hand side k when no file gives it: ones for
/// k = 0, else uniform in [0.5, 1.5) from a generator seeded by k.
std::vector<double> solution_for(std::int64_t k, std::int32_t n) {
  std::vector<double> x(static_cast<std::size_t>(n), 1.0);
  if (k == 0) return x;
  Random random(right_hand_side_seed + static_cast<std::uint64_t>(k));
  for (double& value : x) value = 0.5 + random.uniform();
  return x;
}

/// Columns [first, count) of `result` as A * solution_for(k).
template <class Scalar>
void products(const MatrixOf<Scalar>& matrix, std::int64_t first,
              lupine::DenseMatrix<Scalar>& result) {
  const std::int32_t n = matrix.rows();
  for (std::int64_t k = first; k < result.cols; ++k) {
    const std::vector<double> real = solution_for(k, n);
    const std::vector<Scalar> x(real.begin(), real.end());
    lupine::multiply(matrix, x.data(), result.column(k));
  }
}

template <class Scalar>
lupine::DenseMatrix<Scalar> right_hand_sides(const MatrixOf<Scalar>& matrix,
                                             const std::string& file, int count,
                                             std::int64_t& from_file) {
  const std::int32_t n = matrix.rows();
  lupine::DenseMatrix<Scalar> result(n, count);
  from_file = 0;
  if (!file.empty()) {
    // A real file is read into complex values for a complex matrix.
    const lupine::DenseMatrix<Scalar> given = lupine::read_matrix_market_dense<Scalar>(file);
    if (given.rows != n) {
      throw Error(ErrorKind::invalid_matrix, "right-hand side " + file + " has " +
                                                 std::to_string(given.rows) +
                                                 " rows, the matrix has " + std::to_string(n));
    }
    from_file = std::min<std::int64_t>(given.cols, count);
    for (std::int64_t k = 0; k < from_file; ++k) {
      std::copy(given.column(k), given.column(k) + n, result.column(k));
    }
  }
  products(matrix, from_file, result);
  return result;
}

template <class Scalar>
std::vector<Scalar> perturbed(const std::vector<Scalar>& values, std::uint64_t seed) {
  Random random(perturbation_seed ^ (seed * 0x9e3779b97f4a7c15ULL));
  std::vector<Scalar> result(values.size());
  for (std::size_t p = 0; p < values.size(); ++p) {
    const double u = 2 * random.uniform() - 1;
    result[p] = values[p] * (1 + 1e-3 * u);
  }
  return result;
}

std::vector<Complex> shifted_values(const Matrix& matrix, const std::vector<double>& values,
                                    double omega) {
  std::vector<Complex> result(values.size());
  for (std::int32_t j = 0; j < matrix.cols(); ++j) {
    for (std::int32_t p = matrix.col_ptr()[j]; p < matrix.col_ptr()[j + 1]; ++p) {
      const double a = values[static_cast<std::size_t>(p)];
      const double c = shift_sign(matrix.row_indices()[p], j) * std::abs(a);
      result[static_cast<std::size_t>(p)] = Complex(a, omega * c);
    }
  }
  return result;
}

}  // namespace

MatrixPeek peek_matrix(const std::string& path) {
  MatrixPeek peek;
  if (!is_matrix_market(path)) {
    peek.complex = lupine_apps::is_complex_matrix_file(path);
    return peek;
  }
  const lupine::MatrixMarketHeader header = lupine::read_matrix_market_header(path);
  peek.known = true;
  peek.complex = header.field == lupine::MatrixMarketField::complex;
  peek.n = header.rows == header.cols ? header.rows : -1;
  peek.stored_entries = header.stored_entries;
  return peek;
}

std::vector<double> perturbed_values(const std::vector<double>& values, std::uint64_t seed) {
  return perturbed(values, seed);
}

double shift_sign(std::int64_t row, std::int64_t col) {
  const std::uint64_t mixed = Random(static_cast<std::uint64_t>(row) ^ shift_salt).next();
  const std::uint64_t z = Random(mixed ^ static_cast<std::uint64_t>(col)).next();
  return 2 * (static_cast<double>(z >> 11) * 0x1.0p-53) - 1;
}

template <class Scalar>
ProblemOf<Scalar> load_problem(const MatrixInput& input, int rhs_count, int refactor_count) {
  ProblemOf<Scalar> problem;
  problem.name = input.name;
  problem.group = input.group;
  const std::string& first = input.files.front();
  read_values(first, problem.matrix);
  if (!problem.matrix.is_square()) {
    throw Error(ErrorKind::unsupported, first + " is " + std::to_string(problem.matrix.rows()) +
                                            " x " + std::to_string(problem.matrix.cols()) +
                                            ", not square");
  }
  problem.structural_rank = structural_rank(problem.matrix);
  problem.right_hand_sides = right_hand_sides(problem.matrix, right_hand_side_path(first),
                                              rhs_count, problem.right_hand_sides_from_file);

  const std::size_t members = input.files.size();
  std::vector<std::vector<Scalar>> sequence_values;
  if (members > 1 && refactor_count > 0) {
    sequence_values.push_back(problem.matrix.values());
    for (std::size_t m = 1; m < members; ++m) {
      MatrixOf<Scalar> member;
      read_values(input.files[m], member);
      if (!member.same_pattern(problem.matrix)) {
        throw Error(ErrorKind::pattern_mismatch, input.files[m] + " is in the sequence of " +
                                                     first + " but its pattern differs");
      }
      sequence_values.push_back(std::move(member.values()));
    }
  }
  for (int k = 0; k < refactor_count; ++k) {
    if (members > 1) {
      problem.refactor_values.push_back(sequence_values[static_cast<std::size_t>(k + 1) % members]);
    } else {
      problem.refactor_values.push_back(
          perturbed(problem.matrix.values(), static_cast<std::uint64_t>(k)));
    }
  }
  return problem;
}

template Problem load_problem<double>(const MatrixInput&, int, int);
template ComplexProblem load_problem<Complex>(const MatrixInput&, int, int);

ComplexProblem complex_shifted(const Problem& real, double omega) {
  ComplexProblem problem;
  problem.name = real.name;
  problem.group = real.group;
  problem.structural_rank = real.structural_rank;
  problem.complex_shift = omega;
  const Matrix& a = real.matrix;
  problem.matrix = ComplexMatrix(a.rows(), a.cols(), a.col_ptr(), a.row_indices(),
                                 shifted_values(a, a.values(), omega));
  for (const std::vector<double>& values : real.refactor_values) {
    problem.refactor_values.push_back(shifted_values(a, values, omega));
  }
  const lupine::DenseMatrix<double>& given = real.right_hand_sides;
  problem.right_hand_sides = lupine::DenseMatrix<Complex>(given.rows, given.cols);
  problem.right_hand_sides_from_file = real.right_hand_sides_from_file;
  for (std::int64_t k = 0; k < real.right_hand_sides_from_file; ++k) {
    std::copy(given.column(k), given.column(k) + given.rows, problem.right_hand_sides.column(k));
  }
  products(problem.matrix, problem.right_hand_sides_from_file, problem.right_hand_sides);
  return problem;
}

}  // namespace lupine_bench
