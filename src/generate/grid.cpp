// Finite-difference operators on structured 2D and 3D grids.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "generate/arguments.hpp"
#include "generate/random_stream.hpp"
#include "lupine/checked.hpp"
#include "lupine/generate.hpp"

namespace lupine {
namespace generate {
namespace {

/// Coefficients of equation k on its neighbours: a(k, k-1) is `west`, a(k, k+nx) is `north`,
/// a(k, k+nx*ny) is `above`, and so on. Constant over the grid.
struct Stencil {
  double center = 0;
  double west = 0, east = 0;
  double south = 0, north = 0;
  double below = 0, above = 0;
};

/// The grid operator of `stencil` on an nx x ny x nz grid (nz = 1 and three_d = false for a
/// 2D grid), with unknown (i, j, k) at i + nx * (j + ny * k) and neighbours outside the grid
/// dropped (homogeneous Dirichlet boundaries). Each column is written in increasing row order,
/// so the CSC arrays come out sorted without a triplet pass.
CscMatrix<double> grid_operator(const char* function, int nx, int ny, int nz, bool three_d,
                                const Stencil& stencil) {
  require_positive(nx, function, "nx");
  require_positive(ny, function, "ny");
  require_positive(nz, function, "nz");
  const std::string name = function;
  const int plane = checked_mul(nx, ny, (name + ": grid points nx * ny").c_str());
  const int n = checked_mul(plane, nz, (name + ": grid points nx * ny * nz").c_str());
  const int points_per_column = three_d ? 7 : 5;
  const std::size_t capacity = static_cast<std::size_t>(
      checked_mul(n, points_per_column, (name + ": stencil entries").c_str()));

  std::vector<int> col_ptr(static_cast<std::size_t>(n) + 1, 0);
  std::vector<int> rows;
  std::vector<double> values;
  rows.reserve(capacity);
  values.reserve(capacity);
  auto add = [&](int row, double value) {
    rows.push_back(row);
    values.push_back(value);
  };
  // Column `column` holds the coefficients of unknown `column` in the equations of its
  // neighbours: equation column - 1 sees it as its east neighbour, and so on.
  int column = 0;
  for (int k = 0; k < nz; ++k) {
    for (int j = 0; j < ny; ++j) {
      for (int i = 0; i < nx; ++i, ++column) {
        if (three_d && k > 0) add(column - plane, stencil.above);
        if (j > 0) add(column - nx, stencil.north);
        if (i > 0) add(column - 1, stencil.east);
        add(column, stencil.center);
        if (i + 1 < nx) add(column + 1, stencil.west);
        if (j + 1 < ny) add(column + nx, stencil.south);
        if (three_d && k + 1 < nz) add(column + plane, stencil.below);
        col_ptr[static_cast<std::size_t>(column) + 1] = static_cast<int>(rows.size());
      }
    }
  }
  return CscMatrix<double>(n, n, std::move(col_ptr), std::move(rows), std::move(values));
}

}  // namespace

CscMatrix<double> laplacian_2d(int nx, int ny) {
  Stencil stencil;
  stencil.center = 4;
  stencil.west = stencil.east = stencil.south = stencil.north = -1;
  return grid_operator("laplacian_2d", nx, ny, 1, false, stencil);
}

CscMatrix<double> laplacian_3d(int nx, int ny, int nz) {
  Stencil stencil;
  stencil.center = 6;
  stencil.west = stencil.east = stencil.south = stencil.north = stencil.below = stencil.above = -1;
  return grid_operator("laplacian_3d", nx, ny, nz, true, stencil);
}

CscMatrix<double> convection_diffusion_2d(int nx, int ny, double peclet, std::uint64_t seed) {
  const char* function = "convection_diffusion_2d";
  require_in_range(peclet, 0, std::numeric_limits<double>::max(), function, "peclet");
  // The direction is a uniform point of the unit disk, normalized: only +, *, / and sqrt,
  // which IEEE 754 rounds exactly, so the velocity does not depend on the platform's libm
  // (as cos and sin of a random angle would).
  RandomStream random(seed);
  double x = 0, y = 0, radius_squared = 0;
  do {
    x = random.uniform(-1, 1);
    y = random.uniform(-1, 1);
    radius_squared = x * x + y * y;
  } while (radius_squared > 1 || radius_squared < 1e-6);
  const double radius = std::sqrt(radius_squared);
  const double velocity_x = peclet * (x / radius);
  const double velocity_y = peclet * (y / radius);

  // Central differences on the grid of spacing h = 1 / (points + 1), the equation multiplied
  // by the cell area hx * hy. A constant velocity makes the operator a Kronecker sum
  // Tx (x) I + I (x) Ty of tridiagonal Toeplitz matrices tridiag(-d - c, 2d, -d + c), whose
  // eigenvalues 2d + 2 sqrt(d^2 - c^2) cos(k pi / (m + 1)) all have a positive real part for
  // every c; the eigenvalues of the sum are sums of those, so the matrix is nonsingular at
  // any Peclet number, even where the cell Peclet number exceeds 1 and it is no M-matrix.
  require_positive(nx, function, "nx");
  require_positive(ny, function, "ny");
  const double hx = 1.0 / (static_cast<double>(nx) + 1);
  const double hy = 1.0 / (static_cast<double>(ny) + 1);
  const double diffusion_x = hy / hx;
  const double diffusion_y = hx / hy;
  const double convection_x = velocity_x * hy / 2;
  const double convection_y = velocity_y * hx / 2;
  Stencil stencil;
  stencil.center = 2 * diffusion_x + 2 * diffusion_y;
  stencil.west = -diffusion_x - convection_x;
  stencil.east = -diffusion_x + convection_x;
  stencil.south = -diffusion_y - convection_y;
  stencil.north = -diffusion_y + convection_y;
  return grid_operator(function, nx, ny, 1, false, stencil);
}

Problem convection_diffusion_3d(int nx, int ny, int nz, double peclet, std::uint64_t seed) {
  const char* function = "convection_diffusion_3d";
  require_in_range(peclet, 0, std::numeric_limits<double>::max(), function, "peclet");
  // A uniform point of the unit ball, normalized: a direction uniform on the sphere, from
  // +, *, / and sqrt only (see convection_diffusion_2d).
  RandomStream random(seed);
  double x = 0, y = 0, z = 0, radius_squared = 0;
  do {
    x = random.uniform(-1, 1);
    y = random.uniform(-1, 1);
    z = random.uniform(-1, 1);
    radius_squared = x * x + y * y + z * z;
  } while (radius_squared > 1 || radius_squared < 1e-6);
  const double radius = std::sqrt(radius_squared);
  const double velocity[3] = {peclet * (x / radius), peclet * (y / radius), peclet * (z / radius)};

  // Central differences multiplied by the cell volume hx hy hz: the diffusion coefficient
  // of axis d is the face area over the spacing, the convection one half the face area times
  // the velocity. The operator is a Kronecker sum of three tridiagonal Toeplitz matrices,
  // nonsingular at any Peclet number by the argument of convection_diffusion_2d.
  require_positive(nx, function, "nx");
  require_positive(ny, function, "ny");
  require_positive(nz, function, "nz");
  const double h[3] = {1.0 / (static_cast<double>(nx) + 1), 1.0 / (static_cast<double>(ny) + 1),
                       1.0 / (static_cast<double>(nz) + 1)};
  const double face[3] = {h[1] * h[2], h[0] * h[2], h[0] * h[1]};
  double diffusion[3], convection[3];
  for (int d = 0; d < 3; ++d) {
    diffusion[d] = face[d] / h[d];
    convection[d] = velocity[d] * face[d] / 2;
  }
  Stencil stencil;
  stencil.center = 2 * (diffusion[0] + diffusion[1] + diffusion[2]);
  stencil.west = -diffusion[0] - convection[0];
  stencil.east = -diffusion[0] + convection[0];
  stencil.south = -diffusion[1] - convection[1];
  stencil.north = -diffusion[1] + convection[1];
  stencil.below = -diffusion[2] - convection[2];
  stencil.above = -diffusion[2] + convection[2];
  Problem problem;
  problem.matrix = grid_operator(function, nx, ny, nz, true, stencil);
  // The unit source f = 1, integrated over the cell like the equation.
  problem.rhs.assign(static_cast<std::size_t>(problem.matrix.rows()), h[0] * h[1] * h[2]);
  return problem;
}

}  // namespace generate
}  // namespace lupine
