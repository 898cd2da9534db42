// Supernodes and the assembly tree of one block, for the supernodal (multifrontal) path.
//
// The block is analyzed on the pattern of B + Bᵀ (the structure MUMPS uses for unsymmetric
// matrices): its elimination tree and Cholesky column counts give fundamental supernodes
// (chains of columns with nested structure), relaxed amalgamation merges small ones into
// their parents (a few explicit zeros buy dense kernels that are far faster than the sparse
// ones), and a postorder of the resulting tree, with children ordered to keep the stack of
// contribution blocks small (Liu, 1986), is the final elimination order of the block.
//
// Everything the numeric phase needs to assemble fronts without searching is precomputed
// here: the rows of each supernode's front, where each entry of B goes in its front, and
// where each row of a contribution block goes in the parent's front.
#pragma once

#include <cstdint>
#include <vector>

namespace lupine::detail {

/// Relaxed amalgamation: a child supernode is merged into its parent when the merged
/// supernode has at most `always_columns` columns, or at most `small_columns` columns and a
/// fraction of explicit zeros in its factor of at most `small_zeros`, or at most
/// `medium_columns` and `medium_zeros`, or any size and at most `large_zeros` (a merge that
/// adds no zeros always passes). The defaults were fitted by factor time on FEM, circuit and
/// power-grid matrices (docs/paths.md): power grids want little amalgamation (their fronts are
/// small and zeros cost flops), 3D problems want some (BLAS efficiency on small fronts).
struct AmalgamationRule {
  std::int64_t always_columns = 2;
  std::int64_t small_columns = 8;
  double small_zeros = 0.3;
  std::int64_t medium_columns = 32;
  double medium_zeros = 0.1;
  double large_zeros = 0.02;
};

/// Scalars of the workspace of a front of order m with nfs fully summed columns in the numeric
/// phase: its m - nfs other columns (the fully summed ones are assembled in the factor's
/// storage), then 3m + 2 of scratch (index maps during assembly, a column copy during
/// factorization).
inline std::int64_t front_workspace(std::int64_t order, std::int64_t fully_summed) {
  return order * (order - fully_summed) + 3 * order + 2;
}

template <class Index>
struct SupernodalStructure {
  Index size = 0;   // order of the block
  Index count = 0;  // supernodes, in postorder
  /// Supernode s owns the block's columns (and rows) [first[s], first[s + 1]).
  std::vector<Index> first;
  std::vector<Index> parent;  // -1 for a root
  /// Children of s in the order they are processed: children[child_ptr[s]..child_ptr[s+1]).
  std::vector<Index> child_ptr;
  std::vector<Index> children;
  /// The rows of s's front below its own columns, ascending:
  /// structure[structure_ptr[s]..structure_ptr[s+1]).
  std::vector<std::int64_t> structure_ptr;
  std::vector<Index> structure;
  /// For s with a parent p: relative[structure_ptr[s] + i] is the position of structure
  /// row i of s in p's front (p's own columns first, then p's structure).
  std::vector<Index> relative;
  /// The entries of B that s's front assembles: entry_source[q] is the position of the entry
  /// in the block's CSC arrays (SymbolicData::block_rows), entry_row[q] / entry_col[q] its row
  /// and column in the front, for q in [entry_ptr[s], entry_ptr[s+1]).
  std::vector<std::int64_t> entry_ptr;
  std::vector<Index> entry_source;
  std::vector<Index> entry_row;
  std::vector<Index> entry_col;

  /// Predictions without delayed pivots: flops, factor entries (L strictly lower plus U)
  /// and factor storage offsets (each front keeps its m x e panel and e x (m - e) U block).
  std::vector<double> flops;
  std::vector<std::int64_t> factor_offset;  // count + 1 entries
  double total_flops = 0;
  std::int64_t factor_entries = 0;
  std::int64_t largest_front = 0;
  std::int64_t structure_total = 0;

  /// Scheduling: s is a subtree root when its whole subtree is factored by one task with a
  /// private stack; the nodes above the subtree roots run as tasks of their own.
  std::vector<double> subtree_flops;
  std::vector<char> subtree_root;
  std::vector<char> in_subtree;  // s is a subtree root or below one
  /// The subtree of s is the postorder range [first_descendant[s], s].
  std::vector<Index> first_descendant;
  std::vector<Index> roots;  // supernodes without a parent, increasing
  /// Scalars the stack needs to factor the subtree of s (the front of s itself excluded: it
  /// is allocated apart, because its contribution block outlives the task), children in
  /// their processing order; the largest over the subtree roots.
  std::vector<std::int64_t> stack_below;
  std::int64_t largest_subtree_stack = 0;
  /// The largest front workspace of a front factored outside a stack (above the subtree
  /// roots, or a subtree root), and of a tree's root.
  std::int64_t largest_task_front = 0;
  std::int64_t largest_root_front = 0;
  std::int64_t largest_root_stack = 0;  // max stack_below over the roots
  /// With more than one thread, the contribution blocks that outlive their task (those of
  /// the subtree roots and of the fronts above them) live at contribution_offset[s] of one
  /// array of contribution_space scalars (offset -1: the block lives in a stack, or there is
  /// none). Two blocks share space only when one of them is dead before the other is written
  /// in every schedule: a front's block may take its descendants' place, siblings' subtrees
  /// are side by side. So the parallel sweep needs no allocation, whatever the scheduling.
  std::vector<std::int64_t> contribution_offset;
  std::int64_t contribution_space = 0;
  /// Scalars of working memory when one thread factors the block and no pivot is delayed:
  /// a stack for the largest tree and the largest root front. More threads hold a stack and
  /// a front each, plus contribution_space.
  std::int64_t sequential_working = 0;

  Index columns(Index s) const { return first[s + 1] - first[s]; }
  Index structure_size(Index s) const {
    return static_cast<Index>(structure_ptr[s + 1] - structure_ptr[s]);
  }
  Index front_order(Index s) const { return columns(s) + structure_size(s); }
};

/// Supernodal analysis of a block of order n given the off-diagonal pattern of B + Bᵀ (both
/// triangles, `symmetric_col_ptr` / `symmetric_rows`) and a fill-reducing elimination order
/// (`order[k]` = block column eliminated k-th). Returns the structure in the final order and
/// sets `final_order` (final_order[k] = block column eliminated k-th): `order` composed with
/// the postorder of the amalgamated tree. The entry maps are left for build_entry_maps, once
/// the block's CSC arrays exist in the final order.
template <class Index>
SupernodalStructure<Index> analyze_supernodes(Index n, const Index* symmetric_col_ptr,
                                              const Index* symmetric_rows,
                                              const std::vector<Index>& order,
                                              const AmalgamationRule& rule,
                                              std::vector<Index>& final_order);

/// Fills entry_ptr/entry_source/entry_row/entry_col from the block's entries in the final
/// order: local column k holds rows rows[p] for p in [col_ptr[k], col_ptr[k+1]) (absolute
/// positions into the block arrays).
template <class Index>
void build_entry_maps(SupernodalStructure<Index>& structure, const Index* col_ptr,
                      const Index* rows);

/// Marks subtree roots so that each subtree holds at most `grain` flops (and the nodes
/// above hold more), and sizes the subtree stacks.
template <class Index>
void plan_schedule(SupernodalStructure<Index>& structure, double grain);

}  // namespace lupine::detail
