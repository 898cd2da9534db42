// Synthetic test matrices: model PDE grids, finite-element problems on hexahedral meshes,
// modified-nodal-analysis circuits and power grids, random patterns.
//
// Every generator is a pure function of its arguments: the random ones draw from Lupine's own
// xoshiro256** stream seeded by splitmix64, never from <random>'s distributions (whose output
// is implementation-defined), so a seed gives the same matrix, bit for bit, on every platform
// and compiler. Sizes must be positive (otherwise invalid_argument); a size whose matrix
// dimension or entry count does not fit 32-bit indices is a size_overflow.
#pragma once

#include <cstdint>
#include <vector>

#include "lupine/sparse.hpp"

namespace lupine {
namespace generate {

/// A matrix with the right-hand side of the physical problem it models (a source term, a body
/// force, load currents), rhs.size() == matrix.rows().
struct Problem {
  CscMatrix<double> matrix;
  std::vector<double> rhs;
};

/// The 5-point finite-difference Laplacian on an nx x ny grid with Dirichlet boundaries
/// (diagonal 4, neighbours -1). Unknown (i, j) is row i + nx * j; n = nx * ny. SPD.
CscMatrix<double> laplacian_2d(int nx, int ny);

/// The 7-point Laplacian on an nx x ny x nz grid (diagonal 6, neighbours -1). Unknown
/// (i, j, k) is row i + nx * (j + ny * k). SPD.
CscMatrix<double> laplacian_3d(int nx, int ny, int nz);

/// -laplace(u) + w . grad(u) on the unit square with Dirichlet boundaries: the 5-point
/// Laplacian plus central-difference convection, scaled by the cell area hx * hy (so that
/// peclet = 0 on a square grid gives laplacian_2d). The velocity w is constant, of length
/// `peclet` (the global Peclet number, unit length and diffusivity), in a direction drawn
/// from `seed`. Unsymmetric for peclet > 0 and nonsingular for every peclet >= 0.
CscMatrix<double> convection_diffusion_2d(int nx, int ny, double peclet, std::uint64_t seed = 1);

/// The 3D counterpart of convection_diffusion_2d on the unit cube: the 7-point Laplacian plus
/// central-difference convection, unknown (i, j, k) at row i + nx * (j + ny * k), the equation
/// scaled by the cell volume hx * hy * hz (h = 1 / (points + 1) per axis, so that peclet = 0 on
/// a cubic grid gives h * laplacian_3d). The velocity is constant, of length `peclet`, in a
/// direction drawn uniformly on the sphere from `seed`. Unsymmetric values on a symmetric
/// pattern, nonsingular for every peclet >= 0. rhs: the unit source f = 1, b_i = hx * hy * hz.
Problem convection_diffusion_3d(int nx, int ny, int nz, double peclet, std::uint64_t seed = 1);

struct LaplacianQ1Options {
  int nx = 10, ny = 10, nz = 10;    // interior nodes per axis
  double coefficient_contrast = 1;  // C >= 1: element coefficients log-uniform in [1/C, C]
  std::uint64_t seed = 1;
};

/// -div(c grad u) = 1 on the unit cube with u = 0 on its boundary, discretized by trilinear (Q1)
/// hexahedral finite elements on the (nx+1) x (ny+1) x (nz+1) boxes of a uniform grid: the
/// 27-point stencil. The boundary nodes are eliminated, so n = nx * ny * nz, unknown (i, j, k)
/// at row i + nx * (j + ny * k) for the interior node at ((i+1) hx, (j+1) hy, (k+1) hz),
/// h = 1 / (points + 1). Element matrices are the exact Q1 stiffness (2x2x2 Gauss quadrature)
/// times the element's coefficient, drawn per element (x fastest, then y, then z) from `seed`,
/// log-uniform in [1/C, C]; C = 1 is the constant coefficient 1. SPD. The pattern is the full
/// 27-point one, nnz = (3 nx - 2)(3 ny - 2)(3 nz - 2); on cubic boxes (nx = ny = nz) the Q1
/// couplings along the grid axes vanish and are stored as explicit zeros. Entries scale as h
/// (stiffness, not divided by the cell volume). rhs: the consistent load of f = 1, hx hy hz.
Problem laplacian_3d_q1(const LaplacianQ1Options& options);

struct ElasticityOptions {
  int nx = 8, ny = 2, nz = 2;  // hexahedra per axis
  double youngs_modulus = 1;   // E > 0
  double poisson_ratio = 0.3;  // nu in (-1, 0.5)
};

/// Isotropic linear elasticity on the box [0, 1] x [0, ny / nx] x [0, nz / nx] meshed by
/// nx x ny x nz cubic trilinear (Q1) hexahedra of edge h = 1 / nx: a cantilever clamped
/// (u = 0, eliminated) on its face x = 0 and free elsewhere. The free vertices (I, J, K),
/// 1 <= I <= nx, 0 <= J <= ny, 0 <= K <= nz, are numbered node = (I - 1) + nx * (J + (ny + 1) K),
/// with its displacements u_x, u_y, u_z at rows 3 node, 3 node + 1, 3 node + 2, so
/// n = 3 nx (ny + 1)(nz + 1) and nnz = 9 (3 nx - 2)(3 ny + 1)(3 nz + 1) (81 per row inside).
/// The element stiffness is the 2x2x2 Gauss quadrature of B^T D B. SPD. Couplings that
/// vanish on a cube are stored as explicit zeros (the pattern is the mesh's). rhs: the
/// consistent load of the unit body force (0, 0, -1) (gravity with rho g = 1).
Problem elasticity_3d(const ElasticityOptions& options);

struct RandomCircuitOptions {
  int nodes = 100;             // non-ground nodes
  int resistors_per_node = 3;  // resistors in all = resistors_per_node * nodes
  int voltage_sources = 5;     // independent voltage sources (branch unknowns)
  int inductors = 0;           // inductors, DC (shorts with a branch current unknown)
  std::uint64_t seed = 1;
};

/// The DC modified-nodal-analysis matrix of a random resistor network with voltage sources
/// and inductors. Unknowns: node voltages 0..nodes-1, then one branch current per voltage
/// source, then one per inductor. The resistors form a connected graph (a random spanning tree
/// plus random extra edges, conductances log-uniform in [0.01, 100]) with some resistors to
/// ground, so the conductance block is SPD. Sources and inductors connect node to node or node
/// to ground, with +1/-1 incidence entries; their branch rows have no diagonal entry, except
/// that an inductor's branch row stores an explicit 0 there. Sources and inductors never form
/// a loop, so the matrix is nonsingular. Needs voltage_sources + inductors <= nodes.
CscMatrix<double> random_circuit(const RandomCircuitOptions& options);

struct PowerGridOptions {
  int layers = 4;               // metal layers, 0 at the bottom (thinnest wires, loads)
  int nx = 100, ny = 100;       // nodes per layer
  int via_pitch = 4;            // vias at the nodes whose x and y indices are multiples of this
  int cross_pitch = 8;          // wires across a layer's preferred direction, every cross_pitch
  int pads = 16;                // supply pads on the top layer, ideal voltage sources
  bool explicit_zeros = false;  // store a 0 on the diagonal of each pad's branch row
  std::uint64_t seed = 1;
};

/// The DC modified-nodal-analysis matrix of an on-chip power-delivery grid. Node (i, j) of
/// layer l is unknown i + nx * (j + ny * l); the branch current of pad p is unknown
/// layers * nx * ny + p, pads in increasing order of their node. Even layers run their wires
/// along x (a resistor between (i, j) and (i + 1, j) for every i, j), odd layers along y, and
/// every layer has cross wires in the other direction on the lines whose index is a multiple
/// of cross_pitch, so each layer is connected on its own; vias join (i, j) of layers l and l + 1
/// where i and j are multiples of via_pitch. Wire conductances are log-uniform in
/// [4^l, 2 * 4^l] siemens on layer l (upper layers are thicker), via conductances in
/// [2 * 4^l, 4^(l+1)]; every bottom node has a conductance to ground log-uniform in
/// [2^-12, 2^-8] (the load and decoupling model). The pads are distinct top-layer nodes drawn
/// from `seed`, each an ideal voltage source to ground: its branch column and row hold +1 at
/// the pad node, and the branch row has no diagonal, or an explicit zero with explicit_zeros.
/// Symmetric, indefinite, nonsingular ([G B; B^T 0] with G SPD and B distinct unit columns).
/// rhs: the supply voltage 1 V on the branch rows, the load currents sunk at the bottom nodes
/// (-i, i uniform in [0, 2^-10) amperes, drawn after the matrix), 0 elsewhere. Needs
/// 1 <= layers <= 16 and pads <= nx * ny.
Problem power_grid(const PowerGridOptions& options);

struct RandomSparseOptions {
  int n = 100;
  double entries_per_column = 3;  // on average, the diagonal included; in [1, n]
  std::uint64_t seed = 1;
  double diagonal_dominance = 0;  // > 0: a_jj = diagonal_dominance * sum_{i!=j} |a_ij| + 1
  bool permute_rows = false;      // apply a random cyclic row permutation
};

/// A random unsymmetric n x n pattern that always contains the diagonal (a transversal, so it
/// is structurally nonsingular), the other rows of each column chosen uniformly without
/// repetition; values uniform in [-1, 1]. With permute_rows the rows are permuted by a random
/// permutation with a single cycle, so no diagonal entry stays on the diagonal and a solver
/// needs pivoting or a transversal to factor it.
CscMatrix<double> random_sparse(const RandomSparseOptions& options);

}  // namespace generate
}  // namespace lupine
