// Synthetic test matrices: model PDE grids, modified-nodal-analysis circuits, random patterns.
//
// Every generator is a pure function of its arguments: the random ones draw from Lupine's own
// xoshiro256** stream seeded by splitmix64, never from <random>'s distributions (whose output
// is implementation-defined), so a seed gives the same matrix, bit for bit, on every platform
// and compiler. Sizes must be positive (otherwise invalid_argument); a size whose matrix
// dimension or entry count does not fit 32-bit indices is a size_overflow.
#pragma once

#include <cstdint>

#include "lupine/sparse.hpp"

namespace lupine {
namespace generate {

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
