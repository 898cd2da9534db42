// Assembly of equal hexahedral elements on a structured mesh, column by column: each column's
// entries are summed from the elements its vertex shares with each neighbour, so the CSC
// arrays come out sorted and exactly sized, without a triplet pass.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "generate/hexahedron.hpp"
#include "lupine/checked.hpp"

namespace lupine {
namespace generate {
namespace {

/// Along one axis, the elements (one or two) that a free vertex shares with its neighbour at
/// offset -1, 0 or +1, and the local coordinate (0 or 1) of each of the two in them; count 0
/// when the neighbour is not free. Element e spans the vertices e and e + 1.
struct SharedElements {
  int count = 0;
  int element[2] = {0, 0};
  int local_vertex[2] = {0, 0};
  int local_neighbour[2] = {0, 0};
};

/// Entry 3 (index - first) + offset + 1 describes free vertex `index` and its neighbour at
/// `offset`. Elements are listed in increasing order.
std::vector<SharedElements> axis_table(int elements, int first, int last) {
  std::vector<SharedElements> table;
  table.reserve(3 * static_cast<std::size_t>(last - first + 1));
  for (int index = first; index <= last; ++index) {
    for (int offset = -1; offset <= 1; ++offset) {
      SharedElements shared;
      const int neighbour = index + offset;
      if (neighbour >= first && neighbour <= last) {
        for (int element = index - 1; element <= index; ++element) {
          const bool exists = element >= 0 && element < elements;
          if (!exists || neighbour < element || neighbour > element + 1) continue;
          shared.element[shared.count] = element;
          shared.local_vertex[shared.count] = index - element;
          shared.local_neighbour[shared.count] = neighbour - element;
          ++shared.count;
        }
      }
      table.push_back(shared);
    }
  }
  return table;
}

}  // namespace

int hexahedra_nnz(const char* function, const StructuredHexahedra& mesh) {
  const std::string name = function;
  std::int64_t unknowns = mesh.components;
  std::int64_t nnz = unknowns * unknowns;
  for (int d = 0; d < 3; ++d) {
    const std::int64_t free_vertices = static_cast<std::int64_t>(mesh.last[d]) - mesh.first[d] + 1;
    unknowns = checked_mul(unknowns, free_vertices, (name + ": unknowns").c_str());
    nnz = checked_mul(nnz, 3 * free_vertices - 2, (name + ": entries").c_str());
  }
  checked_cast<int>(unknowns, (name + ": unknowns").c_str());
  return checked_cast<int>(nnz, (name + ": entries").c_str());
}

CscMatrix<double> assemble_hexahedra(const char* function, const StructuredHexahedra& mesh,
                                     const double* element_matrix,
                                     const std::vector<double>& scale) {
  const auto nnz = static_cast<std::size_t>(hexahedra_nnz(function, mesh));
  const int components = mesh.components;
  const int element_size = 8 * components;
  const int free_x = mesh.last[0] - mesh.first[0] + 1;
  const int free_y = mesh.last[1] - mesh.first[1] + 1;
  const int free_z = mesh.last[2] - mesh.first[2] + 1;
  const int n = free_x * free_y * free_z * components;  // fits: checked by hexahedra_nnz
  const auto elements_x = static_cast<std::size_t>(mesh.elements[0]);
  const auto elements_y = static_cast<std::size_t>(mesh.elements[1]);
  const std::vector<double> ones(
      scale.empty() ? elements_x * elements_y * static_cast<std::size_t>(mesh.elements[2]) : 0,
      1.0);
  const double* element_scale = scale.empty() ? ones.data() : scale.data();

  const std::vector<SharedElements> along_x =
      axis_table(mesh.elements[0], mesh.first[0], mesh.last[0]);
  const std::vector<SharedElements> along_y =
      axis_table(mesh.elements[1], mesh.first[1], mesh.last[1]);
  const std::vector<SharedElements> along_z =
      axis_table(mesh.elements[2], mesh.first[2], mesh.last[2]);

  std::vector<int> col_ptr(static_cast<std::size_t>(n) + 1, 0);
  std::vector<int> rows(nnz);
  std::vector<double> values(nnz);
  std::size_t position = 0;
  int column = 0;
  for (int k = 0; k < free_z; ++k) {
    for (int j = 0; j < free_y; ++j) {
      for (int i = 0; i < free_x; ++i) {
        for (int a = 0; a < components; ++a, ++column) {
          // Neighbours in increasing (z, y, x), hence increasing row.
          for (int dz = 0; dz < 3; ++dz) {
            const SharedElements& sz = along_z[static_cast<std::size_t>(3 * k + dz)];
            if (sz.count == 0) continue;
            for (int dy = 0; dy < 3; ++dy) {
              const SharedElements& sy = along_y[static_cast<std::size_t>(3 * j + dy)];
              if (sy.count == 0) continue;
              for (int dx = 0; dx < 3; ++dx) {
                const SharedElements& sx = along_x[static_cast<std::size_t>(3 * i + dx)];
                if (sx.count == 0) continue;
                const int neighbour =
                    (i + dx - 1) + free_x * ((j + dy - 1) + free_y * (k + dz - 1));
                for (int b = 0; b < components; ++b) {
                  // Mirror-image elements cancel in exact arithmetic (the u_x-u_y coupling of
                  // a node with itself, say); see cancellation_tolerance.
                  double value = 0, magnitude = 0;
                  for (int ez = 0; ez < sz.count; ++ez) {
                    for (int ey = 0; ey < sy.count; ++ey) {
                      for (int ex = 0; ex < sx.count; ++ex) {
                        const std::size_t element =
                            static_cast<std::size_t>(sx.element[ex]) +
                            elements_x * (static_cast<std::size_t>(sy.element[ey]) +
                                          elements_y * static_cast<std::size_t>(sz.element[ez]));
                        const int vertex = sx.local_vertex[ex] +
                                           2 * (sy.local_vertex[ey] + 2 * sz.local_vertex[ez]);
                        const int other = sx.local_neighbour[ex] +
                                          2 * (sy.local_neighbour[ey] + 2 * sz.local_neighbour[ez]);
                        const double term = element_scale[element] *
                                            element_matrix[(other * components + b) * element_size +
                                                           vertex * components + a];
                        value += term;
                        magnitude += std::fabs(term);
                      }
                    }
                  }
                  if (std::fabs(value) <= cancellation_tolerance * magnitude) value = 0;
                  rows[position] = neighbour * components + b;
                  values[position] = value;
                  ++position;
                }
              }
            }
          }
          col_ptr[static_cast<std::size_t>(column) + 1] = static_cast<int>(position);
        }
      }
    }
  }
  return CscMatrix<double>(n, n, std::move(col_ptr), std::move(rows), std::move(values));
}

}  // namespace generate
}  // namespace lupine
