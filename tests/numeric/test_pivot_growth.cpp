// Stats::pivot_growth against the growth computed independently from the exported factors:
// max over the columns j of P R A Q of max |U(:,j)| / max |(P R A Q)(:,j)|, both taken inside
// the diagonal BTF block of column j (the off-diagonal blocks are not eliminated), and at
// least 1. Every path, 1 and 2 threads, after factor and after a refactor that reused pivots.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "lupine/generate.hpp"
#include "lupine/solver.hpp"
#include "support/dense_reference.hpp"
#include "support/test_matrices.hpp"
#include "symbolic/symbolic_data.hpp"

using lupine::CscMatrix;
using lupine::FactorPath;

namespace {

double growth_from_factors(const CscMatrix<double>& a, const lupine::Numeric<>& numeric) {
  const lupine::Factors<double, int> factors = numeric.factors();
  const auto dense_a = lupine_test::to_dense(a);
  const int n = a.rows();
  // The diagonal block of each permuted column.
  std::vector<int> block_start(static_cast<std::size_t>(n));
  std::vector<int> block_end(static_cast<std::size_t>(n));
  for (const auto& plan : numeric.symbolic().data().blocks) {
    for (int k = plan.start; k < plan.start + plan.size; ++k) {
      block_start[static_cast<std::size_t>(k)] = plan.start;
      block_end[static_cast<std::size_t>(k)] = plan.start + plan.size;
    }
  }
  const CscMatrix<double>& U = factors.U;
  double growth = 1;
  for (int j = 0; j < n; ++j) {
    const int start = block_start[static_cast<std::size_t>(j)];
    const int end = block_end[static_cast<std::size_t>(j)];
    double largest_u = 0;
    for (int p = U.col_ptr()[j]; p < U.col_ptr()[j + 1]; ++p) {
      if (U.row_indices()[p] >= start) {
        largest_u = std::max(largest_u, std::abs(U.values()[static_cast<std::size_t>(p)]));
      }
    }
    double largest_a = 0;
    const std::size_t column =
        static_cast<std::size_t>(factors.col_perm[static_cast<std::size_t>(j)]);
    for (int i = start; i < end; ++i) {
      const std::size_t row =
          static_cast<std::size_t>(factors.row_perm[static_cast<std::size_t>(i)]);
      largest_a = std::max(largest_a, std::abs(factors.row_scale[row] * dense_a[row][column]));
    }
    if (largest_a > 0) growth = std::max(growth, largest_u / largest_a);
  }
  return growth;
}

struct Case {
  std::string name;
  CscMatrix<double> matrix;
  bool btf;
};

std::vector<Case> cases() {
  std::vector<Case> matrices;
  lupine::generate::RandomSparseOptions random;
  random.n = 80;
  random.entries_per_column = 5;
  random.seed = 4;
  matrices.push_back({"random sparse", lupine::generate::random_sparse(random), false});
  random.permute_rows = true;
  random.seed = 5;
  matrices.push_back(
      {"random sparse, rows permuted", lupine::generate::random_sparse(random), true});
  lupine::generate::RandomCircuitOptions circuit;
  circuit.nodes = 70;
  circuit.voltage_sources = 6;
  circuit.inductors = 3;
  matrices.push_back({"circuit", lupine::generate::random_circuit(circuit), true});
  matrices.push_back(
      {"convection-diffusion", lupine::generate::convection_diffusion_2d(9, 8, 200.0, 2), false});
  matrices.push_back({"two grid blocks", lupine_test::two_block_matrix(5), true});
  return matrices;
}

}  // namespace

TEST_CASE("pivot growth matches the growth of the exported factors", "[numeric][growth]") {
  bool grew = false;
  for (const Case& entry : cases()) {
    const CscMatrix<double>& a = entry.matrix;
    for (const FactorPath path : {FactorPath::column, FactorPath::dense, FactorPath::supernodal}) {
      for (const int threads : {1, 2}) {
        // A small threshold lets pivots be small, so that the entries of U grow.
        for (const double threshold : {0.001, 1.0}) {
          INFO(entry.name << ", path " << lupine::to_string(path) << ", " << threads
                          << " threads, threshold " << threshold);
          lupine::Options options;
          options.path = path;
          options.threads = threads;
          options.btf = entry.btf;
          options.pivot_threshold = threshold;
          lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
          const double expected = growth_from_factors(a, numeric);
          CHECK(numeric.stats().pivot_growth == Approx(expected).epsilon(1e-12));
          grew = grew || expected > 2;

          // New values on the same pattern, pivots reused: the growth of the reuse.
          std::vector<double> values = a.values();
          for (std::size_t p = 0; p < values.size(); ++p) values[p] *= 1 + 0.3 * ((p * 7) % 5);
          const CscMatrix<double> changed(a.rows(), a.cols(), a.col_ptr(), a.row_indices(), values);
          lupine::RefactorOptions reuse;
          reuse.refactor_threshold = 0;
          reuse.refactor_growth_limit = 0;
          CHECK(numeric.refactor(values.data(), reuse) == lupine::RefactorStatus::reused_pivots);
          CHECK(numeric.stats().pivot_growth ==
                Approx(growth_from_factors(changed, numeric)).epsilon(1e-12));
        }
      }
    }
  }
  CHECK(grew);  // some case must exercise growth above 1, or the comparison proves little
}
