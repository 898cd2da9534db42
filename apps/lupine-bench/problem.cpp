#include "problem.hpp"

#include <btf.h>

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

bool is_matrix_market(const std::string& path) {
  return path.size() > 4 && (path.rfind(".mtx") == path.size() - 4 ||
                             (path.size() > 7 && path.rfind(".mtx.gz") == path.size() - 7));
}

Matrix read_values(const std::string& path) {
  bool pattern_only = false;
  Matrix matrix = lupine::read_matrix<double, std::int32_t>(path, &pattern_only);
  if (pattern_only || !matrix.has_values()) lupine::assign_pattern_values(matrix);
  return matrix;
}

std::int64_t structural_rank(const Matrix& matrix) {
  const std::int32_t n = matrix.cols();
  std::vector<int> match(static_cast<std::size_t>(matrix.rows()));
  std::vector<int> work(5 * static_cast<std::size_t>(n));
  double work_done = 0;
  // btf_maxtrans takes non-const pointers but only reads the pattern.
  return btf_maxtrans(matrix.rows(), n, const_cast<int*>(matrix.col_ptr().data()),
                      const_cast<int*>(matrix.row_indices().data()), 0, &work_done, match.data(),
                      work.data());
}

lupine::DenseMatrix<double> right_hand_sides(const Matrix& matrix, const std::string& file,
                                             int count) {
  const std::int32_t n = matrix.rows();
  lupine::DenseMatrix<double> result(n, count);
  std::int64_t from_file = 0;
  if (!file.empty()) {
    const lupine::DenseMatrix<double> given = lupine::read_matrix_market_dense<double>(file);
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
  std::vector<double> x(static_cast<std::size_t>(n));
  for (std::int64_t k = from_file; k < count; ++k) {
    if (k == 0) {
      std::fill(x.begin(), x.end(), 1.0);
    } else {
      Random random(right_hand_side_seed + static_cast<std::uint64_t>(k));
      for (double& value : x) value = 0.5 + random.uniform();
    }
    lupine::multiply(matrix, x.data(), result.column(k));
  }
  return result;
}

}  // namespace

MatrixPeek peek_matrix(const std::string& path) {
  MatrixPeek peek;
  if (!is_matrix_market(path)) return peek;
  const lupine::MatrixMarketHeader header = lupine::read_matrix_market_header(path);
  peek.known = true;
  peek.complex = header.field == lupine::MatrixMarketField::complex;
  peek.n = header.rows == header.cols ? header.rows : -1;
  peek.stored_entries = header.stored_entries;
  return peek;
}

std::vector<double> perturbed_values(const std::vector<double>& values, std::uint64_t seed) {
  Random random(perturbation_seed ^ (seed * 0x9e3779b97f4a7c15ULL));
  std::vector<double> result(values.size());
  for (std::size_t p = 0; p < values.size(); ++p) {
    const double u = 2 * random.uniform() - 1;
    result[p] = values[p] * (1 + 1e-3 * u);
  }
  return result;
}

Problem load_problem(const MatrixInput& input, int rhs_count, int refactor_count) {
  Problem problem;
  problem.name = input.name;
  problem.group = input.group;
  const std::string& first = input.files.front();
  problem.matrix = read_values(first);
  if (!problem.matrix.is_square()) {
    throw Error(ErrorKind::unsupported, first + " is " + std::to_string(problem.matrix.rows()) +
                                            " x " + std::to_string(problem.matrix.cols()) +
                                            ", not square");
  }
  problem.structural_rank = structural_rank(problem.matrix);
  problem.right_hand_sides =
      right_hand_sides(problem.matrix, right_hand_side_path(first), rhs_count);

  const std::size_t members = input.files.size();
  std::vector<std::vector<double>> sequence_values;
  if (members > 1 && refactor_count > 0) {
    sequence_values.push_back(problem.matrix.values());
    for (std::size_t m = 1; m < members; ++m) {
      Matrix member = read_values(input.files[m]);
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
          perturbed_values(problem.matrix.values(), static_cast<std::uint64_t>(k)));
    }
  }
  return problem;
}

}  // namespace lupine_bench
