// The finite-element generators: Q1 element matrices against their closed forms, the
// assembled 27-point Laplacian entry by entry, and the clamped elastic cantilever.
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "generate/hexahedron.hpp"
#include "generate_helpers.hpp"
#include "lupine/generate.hpp"
#include "lupine/solver.hpp"
#include "lupine/sparse.hpp"

using lupine::CscMatrix;
using lupine::Error;
using lupine::ErrorKind;
namespace generate = lupine::generate;

using namespace generate_test;

namespace {

generate::LaplacianQ1Options q1_options(int nx, int ny, int nz, double contrast = 1,
                                        std::uint64_t seed = 1) {
  generate::LaplacianQ1Options options;
  options.nx = nx;
  options.ny = ny;
  options.nz = nz;
  options.coefficient_contrast = contrast;
  options.seed = seed;
  return options;
}

generate::ElasticityOptions elasticity_options(int nx, int ny, int nz, double young = 1,
                                               double nu = 0.3) {
  generate::ElasticityOptions options;
  options.nx = nx;
  options.ny = ny;
  options.nz = nz;
  options.youngs_modulus = young;
  options.poisson_ratio = nu;
  return options;
}

/// Bit d of vertex v is its coordinate (0 or 1) on axis d.
int bit(int vertex, int axis) {
  return (vertex >> axis) & 1;
}

}  // namespace

TEST_CASE("Q1 Laplace element is the tensor product of 1D stiffness and mass", "[generate][fem]") {
  // phi_v = X(x) Y(y) Z(z), so K = Kx (x) My (x) Mz + Mx (x) Ky (x) Mz + Mx (x) My (x) Kz with
  // the 1D stiffness (1/h) [1 -1; -1 1] and mass (h/6) [2 1; 1 2].
  const double h[3] = {0.5, 0.25, 0.2};
  const std::array<double, 64> element = generate::laplace_hexahedron(h[0], h[1], h[2]);
  auto stiffness = [&](int axis, int a, int b) {
    return (bit(a, axis) == bit(b, axis) ? 1.0 : -1.0) / h[axis];
  };
  auto mass = [&](int axis, int a, int b) {
    return h[axis] * (bit(a, axis) == bit(b, axis) ? 2.0 : 1.0) / 6;
  };
  for (int a = 0; a < 8; ++a) {
    double row_sum = 0;
    for (int b = 0; b < 8; ++b) {
      const double expected = stiffness(0, a, b) * mass(1, a, b) * mass(2, a, b) +
                              mass(0, a, b) * stiffness(1, a, b) * mass(2, a, b) +
                              mass(0, a, b) * mass(1, a, b) * stiffness(2, a, b);
      INFO("a " << a << " b " << b);
      CHECK(element[static_cast<std::size_t>(8 * a + b)] == Approx(expected).margin(1e-15));
      CHECK(element[static_cast<std::size_t>(8 * a + b)] ==
            element[static_cast<std::size_t>(8 * b + a)]);
      row_sum += element[static_cast<std::size_t>(8 * a + b)];
    }
    CHECK(row_sum == Approx(0).margin(1e-14));  // constants are in the kernel
  }

  // On a cube of edge h: h/3 on the diagonal, 0 along an edge, -h/12 across a face and
  // through the body. The edge couplings cancel exactly and are stored as exact zeros.
  const double edge = 0.25;
  const std::array<double, 64> cube = generate::laplace_hexahedron(edge, edge, edge);
  const double by_distance[4] = {edge / 3, 0, -edge / 12, -edge / 12};
  for (int a = 0; a < 8; ++a) {
    for (int b = 0; b < 8; ++b) {
      const int distance = bit(a ^ b, 0) + bit(a ^ b, 1) + bit(a ^ b, 2);
      CHECK(cube[static_cast<std::size_t>(8 * a + b)] == Approx(by_distance[distance]));
      if (distance == 1) CHECK(cube[static_cast<std::size_t>(8 * a + b)] == 0.0);
    }
  }
}

TEST_CASE("laplacian_3d_q1 on a 3 x 3 x 3 grid with coefficient 1, entry by entry",
          "[generate][fem]") {
  // h = 1/4. Every interior node lies in 8 elements (the boundary boxes are elements too, only
  // their boundary vertices are eliminated), and two nodes at offsets of at most 1 share
  // 2^(number of equal coordinates) elements. With the cube element values above:
  //   same node:          8 * h/3   =  2/3
  //   axis neighbour:     4 * 0     =  0      (stored: the 27-point pattern)
  //   face diagonal:      2 * -h/12 = -1/24
  //   body diagonal:      1 * -h/12 = -1/48
  const generate::Problem problem = generate::laplacian_3d_q1(q1_options(3, 3, 3));
  const CscMatrix<double>& a = problem.matrix;
  a.validate(true);
  REQUIRE(a.rows() == 27);
  REQUIRE(a.cols() == 27);
  CHECK(a.nnz() == 7 * 7 * 7);
  const double by_distance[4] = {2.0 / 3, 0, -1.0 / 24, -1.0 / 48};
  for (int row = 0; row < 27; ++row) {
    for (int col = 0; col < 27; ++col) {
      const int dx = std::abs(row % 3 - col % 3);
      const int dy = std::abs(row / 3 % 3 - col / 3 % 3);
      const int dz = std::abs(row / 9 - col / 9);
      INFO("row " << row << " col " << col);
      if (std::max({dx, dy, dz}) > 1) {
        CHECK(a.find(row, col) == -1);
        continue;
      }
      REQUIRE(a.find(row, col) >= 0);
      const double value = entry(a, row, col);
      if (dx + dy + dz == 1) {
        CHECK(value == 0.0);
      } else {
        CHECK(value == Approx(by_distance[dx + dy + dz]).epsilon(1e-14));
      }
    }
  }
  // The centre node's row sees all 26 neighbours: it sums to zero. A corner node's row loses
  // the eliminated boundary: 2/3 - 3/24 - 1/48 = 25/48.
  double centre = 0, corner = 0;
  for (int col = 0; col < 27; ++col) {
    centre += entry(a, 13, col);
    corner += entry(a, 0, col);
  }
  CHECK(centre == Approx(0).margin(1e-15));
  CHECK(corner == Approx(25.0 / 48));
  // rhs: the load of f = 1, the volume h^3 of the support's eighths.
  REQUIRE(problem.rhs.size() == 27);
  for (const double value : problem.rhs) CHECK(value == 1.0 / 64);
}

TEST_CASE("laplacian_3d_q1: sizes, symmetry, definiteness, row sums, coefficient range",
          "[generate][fem]") {
  struct Size {
    int nx, ny, nz;
  };
  for (const Size& size : std::vector<Size>{{1, 1, 1}, {4, 1, 2}, {5, 4, 3}, {3, 6, 4}}) {
    for (const double contrast : {1.0, 100.0}) {
      const generate::Problem problem =
          generate::laplacian_3d_q1(q1_options(size.nx, size.ny, size.nz, contrast, 7));
      const CscMatrix<double>& a = problem.matrix;
      INFO("grid " << size.nx << " x " << size.ny << " x " << size.nz << " contrast " << contrast);
      a.validate(true);
      const int n = size.nx * size.ny * size.nz;
      CHECK(a.rows() == n);
      CHECK(a.nnz() == (3 * size.nx - 2) * (3 * size.ny - 2) * (3 * size.nz - 2));
      CHECK(lupine::pattern_symmetry(a) == 1.0);
      CHECK(identical(a, lupine::transpose(a)));
      CHECK(cholesky_succeeds(to_dense(a)));
      CHECK(problem.rhs.size() == static_cast<std::size_t>(n));

      // Each element matrix annihilates constants, so a row whose 26 neighbours are all
      // unknowns sums to zero whatever the coefficients; next to the boundary the eliminated
      // couplings (all <= 0) leave a positive sum.
      for (int k = 0; k < size.nz; ++k) {
        for (int j = 0; j < size.ny; ++j) {
          for (int i = 0; i < size.nx; ++i) {
            const int row = i + size.nx * (j + size.ny * k);
            double sum = 0;
            for (int col = 0; col < n; ++col) sum += entry(a, row, col);
            const bool inner =
                i > 0 && j > 0 && k > 0 && i + 1 < size.nx && j + 1 < size.ny && k + 1 < size.nz;
            if (inner) {
              CHECK(sum == Approx(0).margin(1e-13 * entry(a, row, row)));
            } else {
              CHECK(sum > 1e-3 * entry(a, row, row));
            }
          }
        }
      }
    }
  }

  // On a cube grid the diagonal is (h/3) times the sum of the 8 coefficients around the node,
  // so it lies in [8h/(3C), 8hC/3], and the coefficients do vary.
  const double contrast = 50, h = 1.0 / 7;
  const CscMatrix<double> a = generate::laplacian_3d_q1(q1_options(6, 6, 6, contrast, 3)).matrix;
  double smallest = 1e300, largest = 0;
  for (int j = 0; j < a.cols(); ++j) {
    const double diagonal = entry(a, j, j);
    CHECK(diagonal >= 8 * h / (3 * contrast) * (1 - 1e-12));
    CHECK(diagonal <= 8 * h * contrast / 3 * (1 + 1e-12));
    smallest = std::min(smallest, diagonal);
    largest = std::max(largest, diagonal);
  }
  CHECK(largest > 4 * smallest);
}

TEST_CASE("laplacian_3d_q1 off a cube keeps its axis couplings", "[generate][fem]") {
  // Boxes of 1/4 x 1/5 x 1/6: the x-axis coupling of two interior nodes is 4 element terms
  // -hy hz / (9 hx) + hx hz / (18 hy) + hx hy / (18 hz).
  const CscMatrix<double> a = generate::laplacian_3d_q1(q1_options(3, 4, 5)).matrix;
  const double hx = 1.0 / 4, hy = 1.0 / 5, hz = 1.0 / 6;
  const int node = 1 + 3 * (1 + 4 * 2);
  const double expected = 4 * (-hy * hz / (9 * hx) + hx * hz / (18 * hy) + hx * hy / (18 * hz));
  CHECK(expected != Approx(0).margin(1e-3));
  CHECK(entry(a, node + 1, node) == Approx(expected));
  CHECK(entry(a, node, node) ==
        Approx(8 * (hy * hz / (9 * hx) + hx * hz / (9 * hy) + hx * hy / (9 * hz))));
}

TEST_CASE("laplacian_3d_q1 is deterministic for a seed", "[generate][fem]") {
  const generate::Problem a = generate::laplacian_3d_q1(q1_options(5, 4, 3, 1000, 11));
  const generate::Problem b = generate::laplacian_3d_q1(q1_options(5, 4, 3, 1000, 11));
  CHECK(identical(a.matrix, b.matrix));
  CHECK(a.rhs == b.rhs);
  const generate::Problem other = generate::laplacian_3d_q1(q1_options(5, 4, 3, 1000, 12));
  CHECK(other.matrix.same_pattern(a.matrix));
  CHECK(other.matrix.values() != a.matrix.values());
  // Contrast 1 draws nothing: the seed does not matter.
  CHECK(identical(generate::laplacian_3d_q1(q1_options(4, 4, 4, 1, 1)).matrix,
                  generate::laplacian_3d_q1(q1_options(4, 4, 4, 1, 2)).matrix));
}

TEST_CASE("Q1 elasticity element: symmetric, rigid-body kernel, closed-form entries",
          "[generate][fem]") {
  const double h[3] = {0.5, 0.3, 0.2};
  const double young = 2.5, nu = 0.3;
  const std::array<double, 576> element =
      generate::elasticity_hexahedron(h[0], h[1], h[2], young, nu);
  double largest = 0;
  for (int row = 0; row < 24; ++row) {
    for (int col = 0; col < 24; ++col) {
      CHECK(element[static_cast<std::size_t>(24 * row + col)] ==
            element[static_cast<std::size_t>(24 * col + row)]);
      largest = std::max(largest, std::fabs(element[static_cast<std::size_t>(24 * row + col)]));
    }
  }

  // The six rigid-body motions (three translations, three rotations u = omega x r) strain
  // nothing, so K maps them to zero.
  std::vector<std::vector<double>> rigid(6, std::vector<double>(24, 0.0));
  for (int v = 0; v < 8; ++v) {
    const double x = bit(v, 0) * h[0], y = bit(v, 1) * h[1], z = bit(v, 2) * h[2];
    for (int c = 0; c < 3; ++c) rigid[static_cast<std::size_t>(c)][3 * v + c] = 1;
    rigid[3][3 * v + 1] = -z;  // about x: (0, -z, y)
    rigid[3][3 * v + 2] = y;
    rigid[4][3 * v + 0] = z;  // about y: (z, 0, -x)
    rigid[4][3 * v + 2] = -x;
    rigid[5][3 * v + 0] = -y;  // about z: (-y, x, 0)
    rigid[5][3 * v + 1] = x;
  }
  for (const std::vector<double>& mode : rigid) {
    for (int row = 0; row < 24; ++row) {
      double image = 0;
      for (int col = 0; col < 24; ++col) {
        image += element[static_cast<std::size_t>(24 * row + col)] * mode[col];
      }
      CHECK(std::fabs(image) <= 1e-14 * largest);
    }
  }

  // That kernel is all of it: with vertices 0, 1 and 2 (not collinear) clamped, the remaining
  // 15 x 15 block is positive definite (rank 24 - 6 = 18 needs the 9 clamped unknowns).
  Dense reduced;
  for (int row = 9; row < 24; ++row) {
    reduced.emplace_back();
    for (int col = 9; col < 24; ++col) {
      reduced.back().push_back(element[static_cast<std::size_t>(24 * row + col)]);
    }
  }
  CHECK(cholesky_succeeds(reduced));

  // On a cube of edge h, with the integrals of (d phi_0/dx)^2 = h/9 and of
  // (d phi_0/dx)(d phi_0/dy) = h/12:
  //   K(u_x, u_x) of a vertex = (lambda + 2 mu) h/9 + 2 mu h/9,
  //   K(u_x, u_y) of a vertex = (lambda + mu) h/12.
  const double edge = 0.25;
  const std::array<double, 576> cube = generate::elasticity_hexahedron(edge, edge, edge, young, nu);
  const double lambda = young * nu / ((1 + nu) * (1 - 2 * nu));
  const double mu = young / (2 * (1 + nu));
  CHECK(cube[0] == Approx((lambda + 4 * mu) * edge / 9));
  CHECK(cube[1] == Approx((lambda + mu) * edge / 12));
  CHECK(cube[24 * 7 + 7] == Approx((lambda + 4 * mu) * edge / 9));  // u_y of vertex 2
}

TEST_CASE("elasticity_3d: sizes, node-major numbering, symmetry", "[generate][fem]") {
  struct Size {
    int nx, ny, nz;
  };
  for (const Size& size : std::vector<Size>{{1, 1, 1}, {2, 1, 1}, {3, 2, 2}, {4, 3, 1}}) {
    const generate::Problem problem =
        generate::elasticity_3d(elasticity_options(size.nx, size.ny, size.nz));
    const CscMatrix<double>& a = problem.matrix;
    INFO("mesh " << size.nx << " x " << size.ny << " x " << size.nz);
    a.validate(true);
    const int nodes = size.nx * (size.ny + 1) * (size.nz + 1);
    CHECK(a.rows() == 3 * nodes);
    CHECK(a.nnz() == 9 * (3 * size.nx - 2) * (3 * size.ny + 1) * (3 * size.nz + 1));
    CHECK(identical(a, lupine::transpose(a)));
    // Node-major: the three unknowns of a node couple to the same nodes, in blocks of 3.
    for (int column = 0; column < a.cols(); column += 3) {
      const int count = a.col_ptr()[column + 1] - a.col_ptr()[column];
      CHECK(count % 3 == 0);
      CHECK(a.col_ptr()[column + 2] - a.col_ptr()[column + 1] == count);
    }
  }
  // A node with all 26 neighbours free (i = 2 of 3 free x-nodes, y and z inside): 81 entries.
  const CscMatrix<double> a = generate::elasticity_3d(elasticity_options(3, 2, 2)).matrix;
  const int node = 1 + 3 * (1 + 3 * 1);  // vertex (I, J, K) = (2, 1, 1)
  for (int c = 0; c < 3; ++c) {
    CHECK(a.col_ptr()[3 * node + c + 1] - a.col_ptr()[3 * node + c] == 81);
  }
}

TEST_CASE("elasticity_3d is positive definite once clamped", "[generate][fem]") {
  // 2 x 1 x 1 hexahedra: 3 x 2 x 2 vertices, the 4 at x = 0 clamped, 8 free: n = 24.
  const CscMatrix<double> a = generate::elasticity_3d(elasticity_options(2, 1, 1)).matrix;
  REQUIRE(a.rows() == 24);
  CHECK(a.nnz() == 24 * 24);  // every free vertex shares an element with every other
  CHECK(cholesky_succeeds(to_dense(a)));
  for (const double nu : {-0.5, 0.0, 0.45, 0.499}) {
    INFO("nu " << nu);
    CHECK(cholesky_succeeds(
        to_dense(generate::elasticity_3d(elasticity_options(3, 2, 1, 7, nu)).matrix)));
  }
  // Young's modulus scales the matrix.
  const CscMatrix<double> stiff = generate::elasticity_3d(elasticity_options(2, 1, 1, 4)).matrix;
  for (std::size_t p = 0; p < a.values().size(); ++p) {
    CHECK(stiff.values()[p] == Approx(4 * a.values()[p]).margin(1e-15));
  }
}

TEST_CASE("elasticity_3d: gravity load, and the cantilever sags", "[generate][fem]") {
  const int nx = 8, ny = 2, nz = 2;
  const generate::Problem problem = generate::elasticity_3d(elasticity_options(nx, ny, nz));
  const std::vector<double>& b = problem.rhs;
  REQUIRE(b.size() == static_cast<std::size_t>(problem.matrix.rows()));
  // The body force (0, 0, -1) integrates to minus the volume nx ny nz h^3; the clamped face
  // takes the share of its vertices, half a layer of elements: ny nz h^3 / 2.
  const double h = 1.0 / nx;
  double force_x = 0, force_y = 0, force_z = 0;
  for (std::size_t node = 0; 3 * node < b.size(); ++node) {
    force_x += b[3 * node];
    force_y += b[3 * node + 1];
    force_z += b[3 * node + 2];
  }
  CHECK(force_x == 0);
  CHECK(force_y == 0);
  CHECK(force_z == Approx(-(nx * ny * nz - ny * nz / 2.0) * h * h * h));

  // Solved: every free node moves down, and the beam bends more towards its free end.
  const lupine::Numeric<> numeric(lupine::analyze(problem.matrix), problem.matrix);
  lupine::SolveReport report;
  const std::vector<double> u = numeric.solve(b, lupine::Transpose::no, 2, &report);
  CHECK(report.backward_error < 1e-14);
  std::vector<double> sag(static_cast<std::size_t>(nx), 0.0);
  for (int k = 0; k <= nz; ++k) {
    for (int j = 0; j <= ny; ++j) {
      for (int i = 0; i < nx; ++i) {
        const auto node = static_cast<std::size_t>(i + nx * (j + (ny + 1) * k));
        CHECK(u[3 * node + 2] < 0);
        sag[static_cast<std::size_t>(i)] += u[3 * node + 2];
      }
    }
  }
  for (int i = 1; i < nx; ++i) CHECK(sag[i] < sag[i - 1]);
}

TEST_CASE("finite-element generators reject bad arguments", "[generate][fem]") {
  check_error([] { generate::laplacian_3d_q1(q1_options(0, 3, 3)); }, ErrorKind::invalid_argument);
  check_error([] { generate::laplacian_3d_q1(q1_options(3, 3, -1)); }, ErrorKind::invalid_argument);
  check_error([] { generate::laplacian_3d_q1(q1_options(3, 3, 3, 0.5)); },
              ErrorKind::invalid_argument);
  check_error([] { generate::laplacian_3d_q1(q1_options(3, 3, 3, std::nan(""))); },
              ErrorKind::invalid_argument);
  check_error([] { generate::laplacian_3d_q1(q1_options(3, 3, 3, HUGE_VAL)); },
              ErrorKind::invalid_argument);
  // n = 2^30 fits, its 27 entries per row do not.
  check_error([] { generate::laplacian_3d_q1(q1_options(1024, 1024, 1024)); },
              ErrorKind::size_overflow);
  check_error([] { generate::laplacian_3d_q1(q1_options(2000, 2000, 2000)); },
              ErrorKind::size_overflow);
  check_error([] { generate::laplacian_3d_q1(q1_options(2147483647, 1, 1)); },
              ErrorKind::size_overflow);

  check_error([] { generate::elasticity_3d(elasticity_options(0, 1, 1)); },
              ErrorKind::invalid_argument);
  check_error([] { generate::elasticity_3d(elasticity_options(2, 1, 1, 0)); },
              ErrorKind::invalid_argument);
  check_error([] { generate::elasticity_3d(elasticity_options(2, 1, 1, -3)); },
              ErrorKind::invalid_argument);
  check_error([] { generate::elasticity_3d(elasticity_options(2, 1, 1, 1, 0.5)); },
              ErrorKind::invalid_argument);
  check_error([] { generate::elasticity_3d(elasticity_options(2, 1, 1, 1, -1)); },
              ErrorKind::invalid_argument);
  check_error([] { generate::elasticity_3d(elasticity_options(2, 1, 1, 1, std::nan(""))); },
              ErrorKind::invalid_argument);
  check_error([] { generate::elasticity_3d(elasticity_options(400, 400, 400)); },
              ErrorKind::size_overflow);
  check_error([] { generate::elasticity_3d(elasticity_options(1, 2147483647, 1)); },
              ErrorKind::size_overflow);
}
