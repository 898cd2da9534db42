// Finite-element problems on structured hexahedral meshes: the Q1 Laplacian with a variable
// coefficient and the clamped elastic cantilever.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "generate/arguments.hpp"
#include "generate/hexahedron.hpp"
#include "generate/log_uniform.hpp"
#include "generate/random_stream.hpp"
#include "lupine/checked.hpp"
#include "lupine/generate.hpp"

namespace lupine {
namespace generate {

Problem laplacian_3d_q1(const LaplacianQ1Options& options) {
  const char* function = "laplacian_3d_q1";
  const int points[3] = {options.nx, options.ny, options.nz};
  require_positive(points[0], function, "nx");
  require_positive(points[1], function, "ny");
  require_positive(points[2], function, "nz");
  require_at_least(options.coefficient_contrast, 1, function, "coefficient_contrast");

  // The unit cube cut into points + 1 boxes per axis; its boundary vertices 0 and points + 1
  // are eliminated.
  StructuredHexahedra mesh;
  double h[3];
  std::size_t elements = 1;
  for (int d = 0; d < 3; ++d) {
    mesh.elements[d] = checked_add(points[d], 1, "laplacian_3d_q1: elements per axis");
    mesh.first[d] = 1;
    mesh.last[d] = points[d];
    h[d] = 1.0 / mesh.elements[d];
    elements *= static_cast<std::size_t>(mesh.elements[d]);
  }
  hexahedra_nnz(function, mesh);  // n and nnz fit int before anything is allocated
  const int n = points[0] * points[1] * points[2];

  std::vector<double> coefficient;
  if (options.coefficient_contrast > 1) {
    const double contrast = options.coefficient_contrast;
    const LogUniform draw(1 / contrast, contrast);
    RandomStream random(options.seed);
    coefficient.resize(elements);
    for (double& value : coefficient) value = draw(random);
  }
  const std::array<double, 64> stiffness = laplace_hexahedron(h[0], h[1], h[2]);
  Problem problem;
  problem.matrix = assemble_hexahedra(function, mesh, stiffness.data(), coefficient);
  // The load of f = 1 on phi_a: each of the 8 boxes around a vertex contributes the integral
  // of its shape function there, an eighth of the box volume.
  problem.rhs.assign(static_cast<std::size_t>(n), h[0] * h[1] * h[2]);
  return problem;
}

Problem elasticity_3d(const ElasticityOptions& options) {
  const char* function = "elasticity_3d";
  const int cells[3] = {options.nx, options.ny, options.nz};
  require_positive(cells[0], function, "nx");
  require_positive(cells[1], function, "ny");
  require_positive(cells[2], function, "nz");
  require_positive_real(options.youngs_modulus, function, "youngs_modulus");
  require_in_open_range(options.poisson_ratio, -1, 0.5, function, "poisson_ratio");

  // Clamped on x = 0: vertex index 0 of the x axis is eliminated, every other vertex is free.
  StructuredHexahedra mesh;
  mesh.components = 3;
  for (int d = 0; d < 3; ++d) {
    mesh.elements[d] = cells[d];
    mesh.first[d] = d == 0 ? 1 : 0;
    mesh.last[d] = cells[d];
  }
  hexahedra_nnz(function, mesh);  // n and nnz fit int
  const double h = 1.0 / cells[0];
  const std::array<double, 576> stiffness =
      elasticity_hexahedron(h, h, h, options.youngs_modulus, options.poisson_ratio);
  Problem problem;
  problem.matrix = assemble_hexahedra(function, mesh, stiffness.data(), {});

  // The body force (0, 0, -1) per unit volume: each element around a vertex adds the integral
  // of its shape function, h^3 / 8, to the vertex's z equation.
  problem.rhs.assign(static_cast<std::size_t>(problem.matrix.rows()), 0.0);
  const double share = h * h * h / 8;
  std::size_t node = 0;
  for (int k = 0; k <= cells[2]; ++k) {
    const int around_z = (k > 0) + (k < cells[2]);
    for (int j = 0; j <= cells[1]; ++j) {
      const int around_y = (j > 0) + (j < cells[1]);
      for (int i = 1; i <= cells[0]; ++i, ++node) {
        const int around_x = 1 + (i < cells[0]);
        problem.rhs[3 * node + 2] = -share * (around_x * around_y * around_z);
      }
    }
  }
  return problem;
}

}  // namespace generate
}  // namespace lupine
