// Fill-reducing orderings of one square block: AMD on B + Bᵀ, COLAMD on B, or natural.
#pragma once

#include <vector>

#include "lupine/solver.hpp"

namespace lupine::detail {

/// Pattern symmetry from which Ordering::automatic picks AMD for a block. Measured over the
/// 52 real matrices of ../shared/matrices (docs/ordering.md): any threshold in [0.3, 0.6]
/// is within 2% of the best geometric mean of nnz(L+U); 0.4 was the best.
constexpr double kAmdSymmetryThreshold = 0.4;

/// Under Ordering::automatic a block that AMD orders is also ordered by nested dissection
/// when AMD's order predicts at least this many flops, and keeps whichever predicts fewer.
/// Below it METIS costs more analysis time than it saves in factorization (bcsstk33: 18 ms
/// saved for 40 ms of METIS; 2D meshes and circuits: nothing saved); above it nested
/// dissection wins 2-25x on every 3D and large 2D problem measured (docs/ordering.md).
constexpr double kNestedDissectionMinimumFlops = 5e9;

/// Resolves Ordering::automatic for a block from its pattern symmetry (fraction of
/// off-diagonal entries whose transpose is present).
Ordering choose_block_ordering(Ordering requested, double symmetry);

/// A block's elimination order, and the fill prediction when the ordering computed one.
template <class Index>
struct BlockOrder {
  /// perm[k] is the block column (and row) eliminated k-th.
  std::vector<Index> perm;
  /// AMD counts the Cholesky factor of B + Bᵀ as it orders: nnz(L) without the diagonal,
  /// divisions and multiply-subtract pairs of LU without pivoting. -1 when not known.
  double cholesky_off_diagonal = -1;
  double divisions = -1;
  double multiply_subtracts = -1;
  /// The largest column count of that factor, diagonal included (AMD's Info[AMD_DMAX]).
  double largest_column = -1;
};

/// A fill-reducing elimination order of the n x n block. `ordering` is amd, colamd or
/// natural. AMD is given the symmetric pattern B + Bᵀ (sorted rows, no diagonal needed) in
/// `symmetric_*`; COLAMD the block itself (rows in any order).
template <class Index>
BlockOrder<Index> order_block(Index n, const Index* col_ptr, const Index* rows,
                              const Index* symmetric_col_ptr, const Index* symmetric_rows,
                              Ordering ordering);

}  // namespace lupine::detail
