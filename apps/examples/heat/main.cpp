// lupine-heat: the heat equation u_t = div(k(x, y, t) grad u) on the unit square (u = 0 on the
// boundary), linear finite elements on a uniform triangulation with lumped mass, backward
// Euler in time. The coefficient changes every step, so the matrix M + dt K(t) is refactored
// every step through the C++ API, on the pattern analyzed once.
//
//   lupine-heat [--cells N] [--steps S] [--dt T] [--omega W] [--vary-in-space] [--threads P]
//
// With k = 1 + 0.5 sin(omega t), uniform in space, and u(0) = sin(pi x) sin(pi y), the exact
// solution is exp(-2 pi^2 (t - 0.5 (cos(omega t) - 1) / omega)) sin(pi x) sin(pi y); the program
// reports the computed and exact amplitudes at the centre. Prints one line of JSON.
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "lupine/solver.hpp"
#include "lupine/sparse.hpp"

namespace {

constexpr double kPi = 3.14159265358979323846;

struct Settings {
  int cells = 64;
  int steps = 100;
  double dt = 1e-3;
  double omega = 40;
  bool vary_in_space = false;
  int threads = 1;
};

int usage(const std::string& message) {
  std::fprintf(stderr,
               "lupine-heat: %s\nusage: lupine-heat [--cells N] [--steps S] [--dt T] "
               "[--omega W] [--vary-in-space] [--threads P]\n",
               message.c_str());
  return 2;
}

double coefficient(const Settings& settings, double x, double y, double t) {
  const double in_time = 1 + 0.5 * std::sin(settings.omega * t);
  return settings.vary_in_space ? in_time * (1 + x * y) : in_time;
}

// The mesh: (cells + 1)^2 vertices, each square cut into two triangles along its diagonal.
struct Mesh {
  int cells = 0;
  double h = 0;
  int vertices() const { return (cells + 1) * (cells + 1); }
  int vertex(int i, int j) const { return j * (cells + 1) + i; }
  bool boundary(int v) const {
    const int i = v % (cells + 1), j = v / (cells + 1);
    return i == 0 || j == 0 || i == cells || j == cells;
  }
  // Calls visit(triangle vertices, centroid x, y) for every triangle.
  template <class Visit>
  void for_each_triangle(Visit&& visit) const {
    for (int j = 0; j < cells; ++j) {
      for (int i = 0; i < cells; ++i) {
        const int a = vertex(i, j), b = vertex(i + 1, j), c = vertex(i + 1, j + 1),
                  d = vertex(i, j + 1);
        visit(std::array<int, 3>{a, b, c}, (i + 2.0 / 3) * h, (j + 1.0 / 3) * h);
        visit(std::array<int, 3>{a, c, d}, (i + 1.0 / 3) * h, (j + 2.0 / 3) * h);
      }
    }
  }
};

// The P1 stiffness of a right triangle of legs h times k: the gradients of its basis functions
// depend on which corner holds the right angle; computed from the coordinates.
std::array<std::array<double, 3>, 3> element_stiffness(const std::array<double, 6>& xy, double k) {
  const double x1 = xy[0], y1 = xy[1], x2 = xy[2], y2 = xy[3], x3 = xy[4], y3 = xy[5];
  const double area2 = (x2 - x1) * (y3 - y1) - (x3 - x1) * (y2 - y1);
  const double bx[3] = {y2 - y3, y3 - y1, y1 - y2};
  const double by[3] = {x3 - x2, x1 - x3, x2 - x1};
  std::array<std::array<double, 3>, 3> K{};
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) K[r][c] = k * (bx[r] * bx[c] + by[r] * by[c]) / (2 * area2);
  }
  return K;
}

}  // namespace

int main(int argc, char** argv) {
  Settings settings;
  for (int k = 1; k < argc; ++k) {
    const std::string argument = argv[k];
    auto next = [&](double minimum) {
      if (k + 1 >= argc) throw std::invalid_argument(argument + " needs a value");
      char* end = nullptr;
      const double value = std::strtod(argv[++k], &end);
      if (!end || *end != 0 || !(value >= minimum)) {
        throw std::invalid_argument(argument + " needs a number >= " + std::to_string(minimum));
      }
      return value;
    };
    try {
      if (argument == "--cells") {
        settings.cells = static_cast<int>(next(2));
      } else if (argument == "--steps") {
        settings.steps = static_cast<int>(next(1));
      } else if (argument == "--dt") {
        settings.dt = next(1e-12);
      } else if (argument == "--omega") {
        settings.omega = next(1e-12);
      } else if (argument == "--threads") {
        settings.threads = static_cast<int>(next(0));
      } else if (argument == "--vary-in-space") {
        settings.vary_in_space = true;
      } else {
        return usage("unexpected argument '" + argument + "'");
      }
    } catch (const std::invalid_argument& error) {
      return usage(error.what());
    }
  }
  using Clock = std::chrono::steady_clock;
  const auto seconds = [](Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
  };
  Mesh mesh;
  mesh.cells = settings.cells;
  mesh.h = 1.0 / settings.cells;
  const int n = mesh.vertices();
  auto coordinates = [&](int v) {
    return std::pair<double, double>{(v % (mesh.cells + 1)) * mesh.h,
                                     (v / (mesh.cells + 1)) * mesh.h};
  };
  // The pattern, once: every vertex pair of a triangle (boundary rows keep theirs as explicit
  // zeros, so the pattern never depends on the values).
  lupine::TripletBuilder<double> builder(n, n);
  mesh.for_each_triangle([&](const std::array<int, 3>& t, double, double) {
    for (const int r : t) {
      for (const int c : t) builder.add(r, c, 0.0);
    }
  });
  lupine::CscMatrix<double> A = builder.build();
  std::vector<double> lumped_mass(static_cast<std::size_t>(n), 0.0);
  mesh.for_each_triangle([&](const std::array<int, 3>& t, double, double) {
    for (const int v : t) lumped_mass[static_cast<std::size_t>(v)] += mesh.h * mesh.h / 6;
  });
  // A = M + dt K(t); boundary rows are the identity (u = 0 there).
  auto assemble = [&](double t) {
    std::fill(A.values().begin(), A.values().end(), 0.0);
    mesh.for_each_triangle([&](const std::array<int, 3>& tri, double cx, double cy) {
      std::array<double, 6> xy{};
      for (int q = 0; q < 3; ++q) std::tie(xy[2 * q], xy[2 * q + 1]) = coordinates(tri[q]);
      const auto K = element_stiffness(xy, coefficient(settings, cx, cy, t));
      for (int r = 0; r < 3; ++r) {
        if (mesh.boundary(tri[r])) continue;
        for (int c = 0; c < 3; ++c) {
          A.values()[static_cast<std::size_t>(A.find(tri[r], tri[c]))] += settings.dt * K[r][c];
        }
      }
    });
    for (int v = 0; v < n; ++v) {
      A.values()[static_cast<std::size_t>(A.find(v, v))] +=
          mesh.boundary(v) ? 1.0 : lumped_mass[static_cast<std::size_t>(v)];
    }
  };
  std::vector<double> u(static_cast<std::size_t>(n));
  for (int v = 0; v < n; ++v) {
    const auto [x, y] = coordinates(v);
    u[static_cast<std::size_t>(v)] = mesh.boundary(v) ? 0.0 : std::sin(kPi * x) * std::sin(kPi * y);
  }
  try {
    lupine::Options options;
    options.threads = settings.threads;
    auto start = Clock::now();
    const lupine::Symbolic<> symbolic = lupine::analyze(A, options);
    const double analyze_seconds = seconds(start);
    assemble(settings.dt);
    start = Clock::now();
    lupine::Numeric<> numeric(symbolic, A, options);
    const double factor_seconds = seconds(start);
    auto workspace = numeric.make_workspace(1);
    std::vector<double> rhs(static_cast<std::size_t>(n));
    double refactor_seconds = 0, solve_seconds = 0;
    int repivoted = 0;
    for (int step = 1; step <= settings.steps; ++step) {
      const double t = step * settings.dt;
      if (step > 1) {
        assemble(t);
        start = Clock::now();
        if (numeric.refactor(A.values().data()) == lupine::RefactorStatus::repivoted) ++repivoted;
        refactor_seconds += seconds(start);
      }
      for (int v = 0; v < n; ++v) {
        rhs[static_cast<std::size_t>(v)] =
            mesh.boundary(v)
                ? 0.0
                : lumped_mass[static_cast<std::size_t>(v)] * u[static_cast<std::size_t>(v)];
      }
      start = Clock::now();
      numeric.solve_in_place(rhs.data(), 1, n, lupine::Transpose::no, workspace);
      solve_seconds += seconds(start);
      u.swap(rhs);
    }
    const double t = settings.steps * settings.dt;
    const int centre = mesh.vertex(mesh.cells / 2, mesh.cells / 2);
    const auto [cx, cy] = coordinates(centre);
    const double integral = t - 0.5 * (std::cos(settings.omega * t) - 1) / settings.omega;
    const double exact =
        std::exp(-2 * kPi * kPi * integral) * std::sin(kPi * cx) * std::sin(kPi * cy);
    const double computed = u[static_cast<std::size_t>(centre)];
    std::printf(
        "{\"unknowns\": %d, \"nnz\": %lld, \"lu_nnz\": %lld, \"steps\": %d, \"refactors\": %d, "
        "\"repivoted\": %d, \"analyze_s\": %.6g, \"factor_s\": %.6g, \"refactor_s\": %.6g, "
        "\"solve_s\": %.6g, \"centre\": %.10g, \"exact\": %.10g, \"relative_error\": %.3g, "
        "\"exact_applies\": %s}\n",
        n, static_cast<long long>(A.nnz()), static_cast<long long>(numeric.stats().lu_nnz),
        settings.steps, settings.steps - 1, repivoted, analyze_seconds, factor_seconds,
        refactor_seconds, solve_seconds, computed, exact,
        std::abs(computed - exact) / std::abs(exact), settings.vary_in_space ? "false" : "true");
  } catch (const lupine::Error& error) {
    std::fprintf(stderr, "lupine-heat: %s\n", error.what());
    return 1;
  }
  return 0;
}
