// Trilinear (Q1) hexahedral finite elements on structured meshes of equal axis-aligned boxes:
// the element matrices, by 2x2x2 Gauss quadrature, and their assembly into CSC.
//
// Vertex v = x + 2 (y + 2 z), x, y, z in {0, 1}, is the corner (x hx, y hy, z hz) of a box; its
// shape function is the product of the three 1D hat functions that are 1 there.
#pragma once

#include <array>
#include <vector>

#include "lupine/sparse.hpp"

namespace lupine {
namespace generate {

/// A sum of terms whose absolute values add up to `magnitude` is taken as zero when
/// |sum| <= cancellation_tolerance * magnitude: it is then within the rounding error of a few
/// dozen additions of zero. Couplings that vanish in exact arithmetic (by the symmetry of a
/// cube, or between mirror-image elements) are stored as exact zeros that way, rather than as
/// 1e-18-sized values of either sign; a genuine entry of these meshes is a sum whose terms
/// differ by ratios of grid sizes or random coefficients, nowhere near that tolerance.
constexpr double cancellation_tolerance = 64 * 0x1.0p-52;

/// The 8 x 8 stiffness matrix of -laplace on an hx x hy x hz box, row-major:
/// K(a, b) = integral of grad phi_a . grad phi_b.
std::array<double, 64> laplace_hexahedron(double hx, double hy, double hz);

/// The 24 x 24 stiffness matrix of isotropic linear elasticity on an hx x hy x hz box,
/// row-major, unknown 3 v + c being displacement component c (x, y, z) of vertex v:
/// K = integral of B^T D B, B the strain-displacement matrix (Voigt order xx, yy, zz, yz, xz,
/// xy, engineering shears) and D the isotropic elasticity matrix of E and nu.
std::array<double, 576> elasticity_hexahedron(double hx, double hy, double hz,
                                              double youngs_modulus, double poisson_ratio);

/// A mesh of elements[0] x elements[1] x elements[2] equal boxes. Vertex (I, J, K), with
/// 0 <= I <= elements[0] and so on, is free when first[d] <= its index <= last[d] on every axis
/// d and eliminated (a homogeneous Dirichlet condition) otherwise. Free vertices are numbered
/// x fastest, then y, then z, each carrying `components` consecutive unknowns.
struct StructuredHexahedra {
  int elements[3] = {1, 1, 1};
  int first[3] = {0, 0, 0};
  int last[3] = {1, 1, 1};
  int components = 1;
};

/// The entries of the assembled matrix: two free vertices are coupled when they are at most
/// one apart on every axis, and an axis of f free vertices has 3 f - 2 such ordered pairs, so
/// nnz = components^2 prod_d (3 f_d - 2). Throws size_overflow when n or nnz does not fit int.
int hexahedra_nnz(const char* function, const StructuredHexahedra& mesh);

/// The matrix of the free unknowns of sum_e scale_e K_e, K the symmetric (8 components)^2
/// element matrix (row-major, unknowns vertex-major) and scale_e the factor of element
/// ex + Ex (ey + Ey ez), or 1 for every element when `scale` is empty. Every entry (r, c) sums
/// the same element terms in the same order as (c, r), so the result is exactly symmetric.
CscMatrix<double> assemble_hexahedra(const char* function, const StructuredHexahedra& mesh,
                                     const double* element_matrix,
                                     const std::vector<double>& scale);

}  // namespace generate
}  // namespace lupine
