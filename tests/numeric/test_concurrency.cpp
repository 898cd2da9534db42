// One factorization, many threads solving at once with their own workspaces; and the
// factorization itself gives the same bits for every thread count.
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "lupine/generate.hpp"
#include "lupine/solver.hpp"

TEST_CASE("concurrent solves on one factorization agree", "[numeric][threads]") {
  lupine::generate::RandomCircuitOptions circuit;
  circuit.nodes = 300;
  circuit.voltage_sources = 10;
  const auto a = lupine::generate::random_circuit(circuit);
  const lupine::Numeric<> numeric(lupine::analyze(a), a);
  const int n = a.rows();
  std::vector<double> b(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) b[static_cast<std::size_t>(i)] = 1.0 + 0.01 * i;
  const auto expected = numeric.solve(b, lupine::Transpose::no, 1);
  const int thread_count = 6;
  std::vector<std::vector<double>> results(thread_count);
  std::vector<std::thread> threads;
  for (int t = 0; t < thread_count; ++t) {
    threads.emplace_back([&, t] {
      auto workspace = numeric.make_workspace(1);
      std::vector<double> x(b.size());
      for (int repeat = 0; repeat < 50; ++repeat) {
        numeric.solve(b.data(), x.data(), 1, n, lupine::Transpose::no, 1, workspace);
      }
      results[static_cast<std::size_t>(t)] = x;
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& x : results) CHECK(x == expected);
}

TEST_CASE("factors do not depend on the thread count", "[numeric][threads]") {
  // Many BTF blocks with enough work each for the parallel sweep: a block-diagonal stack of
  // random matrices with an upper coupling.
  const int order = 300;
  lupine::TripletBuilder<double> builder(8 * order, 8 * order);
  for (int block = 0; block < 8; ++block) {
    lupine::generate::RandomSparseOptions random;
    random.n = order;
    random.seed = static_cast<std::uint64_t>(block + 1);
    random.entries_per_column = 4;
    const auto piece = lupine::generate::random_sparse(random);
    for (int j = 0; j < order; ++j) {
      for (int p = piece.col_ptr()[j]; p < piece.col_ptr()[j + 1]; ++p) {
        builder.add(block * order + piece.row_indices()[p], block * order + j,
                    piece.values()[static_cast<std::size_t>(p)]);
      }
    }
    if (block > 0) builder.add(block * order - 1, block * order + 3, 0.5);
  }
  const auto a = builder.build();
  std::vector<std::vector<double>> U_values;
  for (const int threads : {1, 2, 4}) {
    lupine::Options options;
    options.threads = threads;
    const lupine::Numeric<> numeric(lupine::analyze(a, options), a, options);
    CHECK(numeric.stats().btf_blocks >= 8);
    CHECK(numeric.symbolic().stats().predicted_flops > 8e6);  // the sweep does go parallel
    U_values.push_back(numeric.factors().U.values());
  }
  CHECK(U_values[0] == U_values[1]);
  CHECK(U_values[0] == U_values[2]);
}

TEST_CASE("many factorizations at once from several threads share their analyses",
          "[numeric][threads][stress]") {
  // Three patterns (a circuit, a supernodal grid, two BTF blocks), analyzed once; six threads
  // each factor, refactor and solve all three with values of their own, on 1 or 2 worker
  // threads per factorization. Each result must be bitwise the one computed alone.
  lupine::generate::RandomCircuitOptions circuit;
  circuit.nodes = 250;
  circuit.voltage_sources = 8;
  std::vector<lupine::CscMatrix<double>> matrices{lupine::generate::random_circuit(circuit),
                                                  lupine::generate::laplacian_2d(30, 24)};
  lupine::Options supernodal;
  supernodal.path = lupine::FactorPath::supernodal;
  std::vector<lupine::Symbolic<>> analyses{lupine::analyze(matrices[0]),
                                           lupine::analyze(matrices[1], supernodal)};
  const int thread_count = 6;
  auto values_for = [&](std::size_t m, int t) {
    lupine::CscMatrix<double> a = matrices[m];
    std::size_t p = 0;
    for (auto& value : a.values()) value *= 1.0 + 0.01 * static_cast<double>((p++ + t) % 5);
    return a;
  };
  auto run = [&](std::size_t m, int t, int workers) {
    lupine::Options options;
    options.threads = workers;
    const lupine::CscMatrix<double> first = values_for(m, t);
    const lupine::CscMatrix<double> second = values_for(m, t + 1);
    lupine::Numeric<> numeric(analyses[m], first, options);
    numeric.refactor(second);
    const std::vector<double> b(static_cast<std::size_t>(first.rows()), 1.0);
    return numeric.solve(b, lupine::Transpose::no, 1);
  };
  std::vector<std::vector<std::vector<double>>> expected(matrices.size());
  for (std::size_t m = 0; m < matrices.size(); ++m) {
    for (int t = 0; t < thread_count; ++t) expected[m].push_back(run(m, t, 1));
  }
  std::vector<int> mismatches(thread_count, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < thread_count; ++t) {
    threads.emplace_back([&, t] {
      for (int repeat = 0; repeat < 3; ++repeat) {
        for (std::size_t m = 0; m < matrices.size(); ++m) {
          if (run(m, t, 1 + (t + repeat) % 2) != expected[m][static_cast<std::size_t>(t)]) {
            ++mismatches[static_cast<std::size_t>(t)];
          }
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const int count : mismatches) CHECK(count == 0);
}
