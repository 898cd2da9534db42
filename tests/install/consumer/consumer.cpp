// A C++ program on the installed C++ API: a random-looking tridiagonal system built with
// TripletBuilder, analyzed, factored and solved; the residual is checked here.
#include <cmath>
#include <cstdio>
#include <lupine/solver.hpp>
#include <vector>

int main() {
  const int n = 200;
  lupine::TripletBuilder<double> builder(n, n);
  for (int j = 0; j < n; ++j) {
    builder.add(j, j, 4.0 + (j % 3));
    if (j > 0) builder.add(j - 1, j, -1.0 - 0.01 * j);
    if (j + 1 < n) builder.add(j + 1, j, -1.5);
  }
  const lupine::CscMatrix<double> A = builder.build();
  try {
    lupine::Solver<double> solver;
    solver.factor(A);
    const std::vector<double> b(n, 1.0);
    const std::vector<double> x = solver.solve(b);
    std::vector<double> r = b;
    for (int j = 0; j < n; ++j) {
      for (int p = A.col_ptr()[j]; p < A.col_ptr()[j + 1]; ++p) {
        r[A.row_indices()[p]] -= A.values()[p] * x[j];
      }
    }
    double worst = 0;
    for (const double value : r) worst = std::fmax(worst, std::fabs(value));
    std::printf("cxx_consumer: residual %.3g\n", worst);
    return worst < 1e-12 ? 0 : 1;
  } catch (const lupine::Error& error) {
    std::fprintf(stderr, "cxx_consumer: %s\n", error.what());
    return 1;
  }
}
