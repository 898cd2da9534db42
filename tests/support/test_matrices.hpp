// Where the test matrices are, and the manifest that describes them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lupine/sparse.hpp"

namespace lupine_test {

/// ../shared/matrices beside the checkout (or $LUPINE_SHARED_MATRICES), or "" when absent.
std::string shared_matrices_dir();
/// The repository's own matrices/ folder.
std::string bundled_matrices_dir();

struct ManifestEntry {
  std::string group;
  std::string name;
  std::string file;  // relative to the manifest's folder
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  std::int64_t nnz = 0;  // entries stored in the file
  std::string symmetry;
  std::string field;
  std::string kind;
};

/// Reads a MANIFEST.tsv (header line first, tab-separated).
std::vector<ManifestEntry> read_manifest(const std::string& path);

/// [G1 C; 0 G2] with G1, G2 the 5-point Laplacians of grid x grid and (grid + 3) x grid
/// points (values varied), C a few couplings: BTF finds two large diagonal blocks.
lupine::CscMatrix<double> two_block_matrix(int grid);

/// A circuit-like matrix whose last nets reach most nodes, like supply rails: `regular` nodes
/// in a ring with chords, and `rails` rail nodes each coupled (unsymmetrically) to a random
/// 70% of the regular nodes, with rail diagonals times `rail_diagonal` (small values make
/// the pivots of the rails come from other rows). Its factor ends in a dense block: the
/// column path's dense tail.
lupine::CscMatrix<double> supplied_circuit(int regular, int rails, double rail_diagonal,
                                           std::uint64_t seed);

/// A * ones: the row sums, a right-hand side whose solution is all ones.
template <class Scalar, class Index>
std::vector<Scalar> row_sums(const lupine::CscMatrix<Scalar, Index>& a) {
  std::vector<Scalar> b(static_cast<std::size_t>(a.rows()), Scalar{0});
  for (Index j = 0; j < a.cols(); ++j) {
    for (Index p = a.col_ptr()[j]; p < a.col_ptr()[j + 1]; ++p) {
      b[static_cast<std::size_t>(a.row_indices()[p])] += a.values()[static_cast<std::size_t>(p)];
    }
  }
  return b;
}

/// A sparse unsymmetric matrix of low fill, like a circuit's: each column holds its diagonal
/// and, with probability `density` each, the rows within `bandwidth` of it, values in
/// [-1, 1], and one random coupling in every tenth column; column diagonally dominant by
/// `dominance` (a_jj = dominance * sum_i |a_ij| + 1) when dominance > 0, else a_jj in [-1, 1].
lupine::CscMatrix<double> banded_random(int n, int bandwidth, double density, double dominance,
                                        std::uint64_t seed);

}  // namespace lupine_test
