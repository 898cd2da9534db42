// Element matrices of the trilinear (Q1) hexahedron by 2x2x2 Gauss quadrature.
#include "generate/hexahedron.hpp"

#include <array>
#include <cmath>
#include <cstddef>

namespace lupine {
namespace generate {
namespace {

/// The 2-point Gauss rule on [-1, 1] (points +-1/sqrt(3), weights 1) integrates cubics exactly.
/// The products of Q1 shape-function gradients are at most quadratic in each coordinate, so
/// on an axis-aligned box (constant Jacobian) the 2x2x2 rule gives the element matrices
/// exactly, up to rounding.
constexpr int gauss_points = 2;

/// Gradients, in physical coordinates, of the 8 shape functions at the reference point
/// `point` in [-1, 1]^3 of an h[0] x h[1] x h[2] box. Vertex v sits at reference coordinate
/// sign_d = +-1 on axis d (bit d of v), where its shape function is prod_d (1 + sign_d xi_d) / 2;
/// d xi_d / d x_d = 2 / h_d.
void shape_gradients(const double point[3], const double h[3], double gradient[8][3]) {
  for (int vertex = 0; vertex < 8; ++vertex) {
    double sign[3], hat[3];
    for (int d = 0; d < 3; ++d) {
      sign[d] = ((vertex >> d) & 1) != 0 ? 1.0 : -1.0;
      hat[d] = (1 + sign[d] * point[d]) / 2;
    }
    gradient[vertex][0] = sign[0] / h[0] * hat[1] * hat[2];
    gradient[vertex][1] = sign[1] / h[1] * hat[0] * hat[2];
    gradient[vertex][2] = sign[2] / h[2] * hat[0] * hat[1];
  }
}

/// Calls visit(point, weight) for the 8 Gauss points of the box, weight = the Jacobian
/// determinant hx hy hz / 8 times the unit Gauss weights.
template <class Visit>
void for_each_gauss_point(const double h[3], Visit visit) {
  const double abscissa = 1 / std::sqrt(3.0);
  const double weight = h[0] * h[1] * h[2] / 8;
  for (int z = 0; z < gauss_points; ++z) {
    for (int y = 0; y < gauss_points; ++y) {
      for (int x = 0; x < gauss_points; ++x) {
        const double point[3] = {x == 0 ? -abscissa : abscissa, y == 0 ? -abscissa : abscissa,
                                 z == 0 ? -abscissa : abscissa};
        visit(point, weight);
      }
    }
  }
}

/// Mirrors the upper triangle of the row-major size x size `matrix` into the lower one, and
/// sets to exactly zero the entries within the rounding error of their terms (`magnitude`, the
/// sum of the terms' absolute values; see cancellation_tolerance), such as the axis couplings
/// of the Laplacian on a cube, where the stiffness term -hy hz / (9 hx) cancels the two mass
/// terms hx hz / (18 hy) + hx hy / (18 hz).
template <std::size_t entries>
void finish(std::array<double, entries>& matrix, const std::array<double, entries>& magnitude,
            int size) {
  for (int row = 0; row < size; ++row) {
    for (int col = row; col < size; ++col) {
      double& value = matrix[static_cast<std::size_t>(row * size + col)];
      if (std::fabs(value) <=
          cancellation_tolerance * magnitude[static_cast<std::size_t>(row * size + col)]) {
        value = 0;
      }
      matrix[static_cast<std::size_t>(col * size + row)] = value;
    }
  }
}

}  // namespace

std::array<double, 64> laplace_hexahedron(double hx, double hy, double hz) {
  const double h[3] = {hx, hy, hz};
  std::array<double, 64> stiffness{}, magnitude{};
  for_each_gauss_point(h, [&](const double point[3], double weight) {
    double gradient[8][3];
    shape_gradients(point, h, gradient);
    for (int a = 0; a < 8; ++a) {
      for (int b = a; b < 8; ++b) {
        double dot = 0, absolute = 0;
        for (int d = 0; d < 3; ++d) {
          dot += gradient[a][d] * gradient[b][d];
          absolute += std::fabs(gradient[a][d] * gradient[b][d]);
        }
        stiffness[static_cast<std::size_t>(a * 8 + b)] += weight * dot;
        magnitude[static_cast<std::size_t>(a * 8 + b)] += weight * absolute;
      }
    }
  });
  finish(stiffness, magnitude, 8);
  return stiffness;
}

std::array<double, 576> elasticity_hexahedron(double hx, double hy, double hz,
                                              double youngs_modulus, double poisson_ratio) {
  constexpr int size = 24;  // 8 vertices x 3 components
  const double nu = poisson_ratio;
  const double lambda = youngs_modulus * nu / ((1 + nu) * (1 - 2 * nu));
  const double mu = youngs_modulus / (2 * (1 + nu));
  // Stress = D strain in Voigt order (xx, yy, zz, yz, xz, xy) with engineering shear strains.
  double elasticity[6][6] = {};
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) elasticity[i][j] = lambda + (i == j ? 2 * mu : 0);
    elasticity[3 + i][3 + i] = mu;
  }

  const double h[3] = {hx, hy, hz};
  std::array<double, 576> stiffness{}, magnitude{};
  for_each_gauss_point(h, [&](const double point[3], double weight) {
    double gradient[8][3];
    shape_gradients(point, h, gradient);
    // strain = B u: column 3 v + c of B holds the strains of a unit displacement c of vertex v.
    double strain[6][size] = {};
    for (int v = 0; v < 8; ++v) {
      const double gx = gradient[v][0], gy = gradient[v][1], gz = gradient[v][2];
      const int c = 3 * v;
      strain[0][c] = gx;  // e_xx = d u_x / dx
      strain[1][c + 1] = gy;
      strain[2][c + 2] = gz;
      strain[3][c + 1] = gz;  // gamma_yz = d u_y / dz + d u_z / dy
      strain[3][c + 2] = gy;
      strain[4][c] = gz;  // gamma_xz
      strain[4][c + 2] = gx;
      strain[5][c] = gy;  // gamma_xy
      strain[5][c + 1] = gx;
    }
    double stress[6][size] = {};            // D B
    double stress_magnitude[6][size] = {};  // |D| |B|
    for (int k = 0; k < 6; ++k) {
      for (int col = 0; col < size; ++col) {
        for (int l = 0; l < 6; ++l) {
          stress[k][col] += elasticity[k][l] * strain[l][col];
          stress_magnitude[k][col] += std::fabs(elasticity[k][l] * strain[l][col]);
        }
      }
    }
    for (int row = 0; row < size; ++row) {
      for (int col = row; col < size; ++col) {
        double value = 0, absolute = 0;
        for (int k = 0; k < 6; ++k) {
          value += strain[k][row] * stress[k][col];
          absolute += std::fabs(strain[k][row]) * stress_magnitude[k][col];
        }
        stiffness[static_cast<std::size_t>(row * size + col)] += weight * value;
        magnitude[static_cast<std::size_t>(row * size + col)] += weight * absolute;
      }
    }
  });
  finish(stiffness, magnitude, size);
  return stiffness;
}

}  // namespace generate
}  // namespace lupine
