// Supernodes, assembly tree, entry maps and schedule of one block (symbolic/supernodes.hpp),
// checked against a symbolic Cholesky factorization of B + Bᵀ computed by boolean Gaussian
// elimination on the dense pattern.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "core/allocation.hpp"
#include "lupine/generate.hpp"
#include "lupine/sparse.hpp"
#include "ordering/ordering.hpp"
#include "symbolic/supernodes.hpp"

using lupine::CscMatrix;
using lupine::detail::AmalgamationRule;
using lupine::detail::SupernodalStructure;

namespace {

using Index = std::int32_t;

// A block B and the off-diagonal pattern of B + Bᵀ (both triangles, rows sorted): the input
// analyze_supernodes takes.
struct Block {
  std::string name;
  CscMatrix<double> matrix;
  std::vector<Index> col_ptr;
  std::vector<Index> rows;
  Index n() const { return matrix.cols(); }
};

Block make_block(const std::string& name, const CscMatrix<double>& matrix) {
  Block block{name, matrix, {0}, {}};
  const auto s = lupine::pattern_plus_transpose(matrix);
  for (Index j = 0; j < s.cols(); ++j) {
    for (Index p = s.col_ptr()[j]; p < s.col_ptr()[j + 1]; ++p) {
      if (s.row_indices()[p] != j) block.rows.push_back(s.row_indices()[p]);
    }
    block.col_ptr.push_back(static_cast<Index>(block.rows.size()));
  }
  return block;
}

CscMatrix<double> from_edges(Index n, const std::vector<std::pair<Index, Index>>& edges) {
  lupine::TripletBuilder<double> builder(n, n);
  for (Index j = 0; j < n; ++j) builder.add(j, j, 4.0);
  for (const auto& [i, j] : edges) {
    builder.add(i, j, -1.0);
    builder.add(j, i, -1.0);
  }
  return builder.build();
}

// Block diagonal sum of the given matrices.
CscMatrix<double> direct_sum(const std::vector<CscMatrix<double>>& parts) {
  Index n = 0;
  for (const auto& part : parts) n += part.cols();
  lupine::TripletBuilder<double> builder(n, n);
  Index offset = 0;
  for (const auto& part : parts) {
    for (Index j = 0; j < part.cols(); ++j) {
      for (Index p = part.col_ptr()[j]; p < part.col_ptr()[j + 1]; ++p) {
        builder.add(offset + part.row_indices()[p], offset + j, part.values()[p]);
      }
    }
    offset += part.cols();
  }
  return builder.build();
}

std::vector<Block> test_blocks() {
  std::vector<Block> blocks;
  blocks.push_back(make_block("2D Laplacian 7x6", lupine::generate::laplacian_2d(7, 6)));
  blocks.push_back(make_block("3D Laplacian 4x4x3", lupine::generate::laplacian_3d(4, 4, 3)));
  blocks.push_back(make_block("3D Laplacian 6x6x5", lupine::generate::laplacian_3d(6, 6, 5)));
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    lupine::generate::RandomSparseOptions random;
    random.n = 70;
    random.entries_per_column = seed == 3 ? 1.5 : 3;
    random.seed = seed;
    blocks.push_back(make_block("random n=70 seed " + std::to_string(seed),
                                lupine::generate::random_sparse(random)));
  }
  blocks.push_back(make_block("path of 15", lupine::generate::laplacian_2d(15, 1)));
  const Index hub_size = 12;
  std::vector<std::pair<Index, Index>> star_first, star_last;
  for (Index j = 1; j < hub_size; ++j) star_first.emplace_back(0, j);
  for (Index j = 0; j + 1 < hub_size; ++j) star_last.emplace_back(hub_size - 1, j);
  blocks.push_back(make_block("star, hub first", from_edges(hub_size, star_first)));
  blocks.push_back(make_block("arrow, hub last", from_edges(hub_size, star_last)));
  std::vector<std::pair<Index, Index>> full;
  for (Index i = 0; i < 9; ++i) {
    for (Index j = i + 1; j < 9; ++j) full.emplace_back(i, j);
  }
  blocks.push_back(make_block("dense 9", from_edges(9, full)));
  blocks.push_back(make_block(
      "disconnected", direct_sum({lupine::generate::laplacian_2d(4, 3), from_edges(3, {}),
                                  lupine::generate::laplacian_2d(5, 1), from_edges(1, {})})));
  blocks.push_back(make_block("n = 1", from_edges(1, {})));
  return blocks;
}

// A deterministic permutation drawn from splitmix64 (Fisher-Yates).
std::vector<Index> random_permutation(Index n, std::uint64_t seed) {
  std::vector<Index> perm(static_cast<std::size_t>(n));
  std::iota(perm.begin(), perm.end(), Index{0});
  std::uint64_t state = seed;
  for (Index k = n - 1; k > 0; --k) {
    state += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    std::swap(perm[static_cast<std::size_t>(k)],
              perm[static_cast<std::size_t>(z % static_cast<std::uint64_t>(k + 1))]);
  }
  return perm;
}

struct NamedOrder {
  std::string name;
  std::vector<Index> order;
};

std::vector<NamedOrder> test_orders(const Block& block) {
  const Index n = block.n();
  std::vector<Index> identity(static_cast<std::size_t>(n));
  std::iota(identity.begin(), identity.end(), Index{0});
  std::vector<NamedOrder> orders{{"identity", identity},
                                 {"reversed", {identity.rbegin(), identity.rend()}},
                                 {"random", random_permutation(n, 7)}};
  // AMD and METIS need a graph with edges (AMD rejects a null row array).
  if (!block.rows.empty()) {
    for (const auto ordering : {lupine::Ordering::amd, lupine::Ordering::nested_dissection}) {
      const auto computed =
          lupine::detail::order_block(n, block.col_ptr.data(), block.rows.data(),
                                      block.col_ptr.data(), block.rows.data(), ordering);
      orders.push_back({lupine::to_string(ordering), computed.perm});
    }
  }
  return orders;
}

// The pattern of L strictly below the diagonal, column by column (rows ascending), of the
// Cholesky factor of P S Pᵀ with column k of P S Pᵀ = column order[k] of S: eliminating
// column k joins every pair of rows that column k has below the diagonal.
std::vector<std::vector<Index>> brute_force_structure(const Block& block,
                                                      const std::vector<Index>& order) {
  const std::size_t n = static_cast<std::size_t>(block.n());
  std::vector<Index> inverse(n);
  for (std::size_t k = 0; k < n; ++k) inverse[static_cast<std::size_t>(order[k])] = Index(k);
  std::vector<char> dense(n * n, 0);
  auto at = [&](std::size_t i, std::size_t j) -> char& { return dense[i + j * n]; };
  for (std::size_t j = 0; j < n; ++j) {
    const Index column = order[j];
    for (Index p = block.col_ptr[column]; p < block.col_ptr[column + 1]; ++p) {
      const std::size_t i = static_cast<std::size_t>(inverse[block.rows[p]]);
      at(i, j) = 1;
      at(j, i) = 1;
    }
  }
  std::vector<std::vector<Index>> structure(n);
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t i = k + 1; i < n; ++i) {
      if (at(i, k)) structure[k].push_back(static_cast<Index>(i));
    }
    for (const Index a : structure[k]) {
      for (const Index b : structure[k])
        at(static_cast<std::size_t>(a), static_cast<std::size_t>(b)) = 1;
    }
  }
  return structure;
}

// Elimination tree from the brute-force structure: the parent of j is its first row below.
std::vector<Index> tree_of(const std::vector<std::vector<Index>>& structure) {
  std::vector<Index> parent(structure.size(), -1);
  for (std::size_t j = 0; j < structure.size(); ++j) {
    if (!structure[j].empty()) parent[j] = structure[j].front();
  }
  return parent;
}

// Column j continues the fundamental supernode of column j - 1: j is the parent and only
// child-bearer of j - 1, and struct(j - 1) = {j} ∪ struct(j).
std::vector<char> chain_links(const std::vector<std::vector<Index>>& structure) {
  const std::size_t n = structure.size();
  const std::vector<Index> parent = tree_of(structure);
  std::vector<Index> children(n, 0);
  for (std::size_t j = 0; j < n; ++j) {
    if (parent[j] >= 0) ++children[static_cast<std::size_t>(parent[j])];
  }
  std::vector<char> link(n, 0);
  for (std::size_t j = 1; j < n; ++j) {
    link[j] = parent[j - 1] == static_cast<Index>(j) && children[j] == 1 &&
              structure[j - 1].size() == structure[j].size() + 1;
  }
  return link;
}

// The rule documented in supernodes.hpp, in the same arithmetic.
bool rule_allows(const AmalgamationRule& rule, std::int64_t columns, std::int64_t structure,
                 double true_entries) {
  const double dense = static_cast<double>(columns) * (static_cast<double>(columns) + 1) / 2 +
                       static_cast<double>(columns) * static_cast<double>(structure);
  const double zeros = (dense - true_entries) / dense;
  if (columns <= rule.always_columns) return true;
  if (columns <= rule.small_columns && zeros <= rule.small_zeros) return true;
  if (columns <= rule.medium_columns && zeros <= rule.medium_zeros) return true;
  return zeros <= rule.large_zeros;
}

// Flops of eliminating e pivots from a dense front of order m, summed pivot by pivot: m-k-1
// divisions and (m-k-1)^2 multiply-adds (two flops each) for pivot k.
double front_flops_by_sum(std::int64_t m, std::int64_t e) {
  double flops = 0;
  for (std::int64_t k = 0; k < e; ++k) {
    const double r = static_cast<double>(m - k - 1);
    flops += r + 2 * r * r;
  }
  return flops;
}

// Position of block index i in the front of s: own columns first, then the structure.
Index front_position(const SupernodalStructure<Index>& structure, Index s, Index i) {
  if (i >= structure.first[s] && i < structure.first[s + 1]) return i - structure.first[s];
  const auto begin = structure.structure.begin() + structure.structure_ptr[s];
  const auto end = structure.structure.begin() + structure.structure_ptr[s + 1];
  const auto it = std::lower_bound(begin, end, i);
  if (it == end || *it != i) return -1;
  return structure.columns(s) + static_cast<Index>(it - begin);
}

std::vector<Index> owner_of_columns(const SupernodalStructure<Index>& structure) {
  std::vector<Index> owner(static_cast<std::size_t>(structure.size), -1);
  for (Index s = 0; s < structure.count; ++s) {
    for (Index j = structure.first[s]; j < structure.first[s + 1]; ++j) owner[j] = s;
  }
  return owner;
}

bool is_permutation_of_range(std::vector<Index> values, Index n) {
  if (values.size() != static_cast<std::size_t>(n)) return false;
  std::sort(values.begin(), values.end());
  for (Index k = 0; k < n; ++k) {
    if (values[static_cast<std::size_t>(k)] != k) return false;
  }
  return true;
}

SupernodalStructure<Index> analyze(const Block& block, const std::vector<Index>& order,
                                   const AmalgamationRule& rule, std::vector<Index>& final_order) {
  return lupine::detail::analyze_supernodes(block.n(), block.col_ptr.data(), block.rows.data(),
                                            order, rule, final_order);
}

AmalgamationRule never_merge() {
  // Zero-fraction thresholds below zero: `zeros <= 0` would still merge zero-free pairs.
  AmalgamationRule rule;
  rule.always_columns = 0;
  rule.small_columns = 0;
  rule.small_zeros = -1;
  rule.medium_columns = 0;
  rule.medium_zeros = -1;
  rule.large_zeros = -1;
  return rule;
}

AmalgamationRule zero_thresholds() {
  AmalgamationRule rule;
  rule.always_columns = 0;
  rule.small_columns = 0;
  rule.small_zeros = 0;
  rule.medium_columns = 0;
  rule.medium_zeros = 0;
  rule.large_zeros = 0;
  return rule;
}

// The block's CSC in the final order (rows sorted), as analyze() hands it to
// build_entry_maps.
void permuted_block(const Block& block, const std::vector<Index>& final_order,
                    std::vector<Index>& col_ptr, std::vector<Index>& rows) {
  const Index n = block.n();
  std::vector<Index> inverse(static_cast<std::size_t>(n));
  for (Index k = 0; k < n; ++k) inverse[static_cast<std::size_t>(final_order[k])] = k;
  col_ptr.assign(1, 0);
  rows.clear();
  const auto& a = block.matrix;
  for (Index k = 0; k < n; ++k) {
    const Index column = final_order[static_cast<std::size_t>(k)];
    const std::size_t begin = rows.size();
    for (Index p = a.col_ptr()[column]; p < a.col_ptr()[column + 1]; ++p) {
      rows.push_back(inverse[static_cast<std::size_t>(a.row_indices()[p])]);
    }
    std::sort(rows.begin() + static_cast<std::ptrdiff_t>(begin), rows.end());
    col_ptr.push_back(static_cast<Index>(rows.size()));
  }
}

// Shape of the structure and of its tree, whatever the amalgamation: (a), (d), (e) and the
// factor/flop predictions of (c).
void check_tree_and_predictions(const SupernodalStructure<Index>& structure,
                                const std::vector<std::vector<Index>>& exact) {
  const Index n = structure.size;
  const Index count = structure.count;
  REQUIRE(structure.first.size() == static_cast<std::size_t>(count) + 1);
  CHECK(structure.first.front() == 0);
  CHECK(structure.first.back() == n);
  for (Index s = 0; s < count; ++s) REQUIRE(structure.columns(s) >= 1);
  const std::vector<Index> owner = owner_of_columns(structure);
  const std::vector<Index> etree = tree_of(exact);

  // (d) postorder, the tree of the etree, consistent child lists.
  std::vector<Index> child_count(static_cast<std::size_t>(count), 0);
  for (Index s = 0; s < count; ++s) {
    INFO("supernode " << s);
    const Index p = structure.parent[s];
    const Index last = structure.first[s + 1] - 1;
    const Index up = etree[static_cast<std::size_t>(last)];
    CHECK(p == (up < 0 ? -1 : owner[static_cast<std::size_t>(up)]));
    if (p >= 0) {
      CHECK(p > s);
      ++child_count[static_cast<std::size_t>(p)];
    }
    // The columns of a supernode form a subtree of the etree with its root at the last one.
    for (Index j = structure.first[s]; j < last; ++j) {
      const Index up_j = etree[static_cast<std::size_t>(j)];
      CHECK(up_j > j);
      CHECK(up_j <= last);
    }
  }
  REQUIRE(structure.child_ptr.size() == static_cast<std::size_t>(count) + 1);
  CHECK(structure.child_ptr.back() == static_cast<Index>(structure.children.size()));
  for (Index s = 0; s < count; ++s) {
    INFO("supernode " << s);
    CHECK(structure.child_ptr[s + 1] - structure.child_ptr[s] ==
          child_count[static_cast<std::size_t>(s)]);
    for (Index q = structure.child_ptr[s]; q < structure.child_ptr[s + 1]; ++q) {
      CHECK(structure.parent[structure.children[q]] == s);
      // Children are listed in the order they are processed: the postorder.
      if (q > structure.child_ptr[s]) CHECK(structure.children[q] > structure.children[q - 1]);
    }
  }

  // Structure rows ascending, below the supernode; (e) relative positions in the parent.
  REQUIRE(structure.structure_ptr.size() == static_cast<std::size_t>(count) + 1);
  REQUIRE(structure.relative.size() == structure.structure.size());
  CHECK(structure.structure_total == structure.structure_ptr[count]);
  for (Index s = 0; s < count; ++s) {
    INFO("supernode " << s);
    const Index last = structure.first[s + 1] - 1;
    const Index p = structure.parent[s];
    for (std::int64_t q = structure.structure_ptr[s]; q < structure.structure_ptr[s + 1]; ++q) {
      const Index i = structure.structure[static_cast<std::size_t>(q)];
      CHECK(i > last);
      CHECK(i < n);
      if (q > structure.structure_ptr[s])
        CHECK(i > structure.structure[static_cast<std::size_t>(q - 1)]);
      REQUIRE(p >= 0);  // a root has nothing below it
      const Index expected = front_position(structure, p, i);
      CHECK(expected >= 0);
      CHECK(structure.relative[static_cast<std::size_t>(q)] == expected);
    }
  }

  // (c) predictions from the front sizes.
  REQUIRE(structure.flops.size() == static_cast<std::size_t>(count));
  REQUIRE(structure.factor_offset.size() == static_cast<std::size_t>(count) + 1);
  CHECK(structure.factor_offset.front() == 0);
  double total_flops = 0;
  std::int64_t entries = 0;
  std::int64_t largest = 0;
  for (Index s = 0; s < count; ++s) {
    INFO("supernode " << s);
    const std::int64_t e = structure.columns(s);
    const std::int64_t m = structure.front_order(s);
    const double flops = front_flops_by_sum(m, e);
    CHECK(structure.flops[static_cast<std::size_t>(s)] ==
          Approx(flops).epsilon(1e-12).margin(1e-9));
    // L11\U11 and L21 (m x e), then U12 (e x (m - e)).
    CHECK(structure.factor_offset[s + 1] - structure.factor_offset[s] == m * e + e * (m - e));
    total_flops += flops;
    entries += m * e + e * (m - e);
    largest = std::max(largest, m);
  }
  CHECK(structure.total_flops == Approx(total_flops).epsilon(1e-12).margin(1e-9));
  CHECK(structure.factor_entries == entries);
  CHECK(structure.largest_front == largest);
}

// (f) every entry of the block lands at its (row, column) in the front of min(row, col).
void check_entry_maps(SupernodalStructure<Index>& structure, const Block& block,
                      const std::vector<Index>& final_order) {
  std::vector<Index> col_ptr, rows;
  permuted_block(block, final_order, col_ptr, rows);
  lupine::detail::build_entry_maps(structure, col_ptr.data(), rows.data());
  const Index n = structure.size;
  const Index count = structure.count;
  const std::vector<Index> owner = owner_of_columns(structure);
  std::vector<Index> column_of(rows.size());
  for (Index k = 0; k < n; ++k) {
    for (Index p = col_ptr[k]; p < col_ptr[k + 1]; ++p) column_of[static_cast<std::size_t>(p)] = k;
  }
  REQUIRE(structure.entry_ptr.size() == static_cast<std::size_t>(count) + 1);
  REQUIRE(structure.entry_ptr.back() == static_cast<std::int64_t>(rows.size()));
  std::vector<int> seen(rows.size(), 0);
  for (Index s = 0; s < count; ++s) {
    for (std::int64_t q = structure.entry_ptr[s]; q < structure.entry_ptr[s + 1]; ++q) {
      const std::size_t e = static_cast<std::size_t>(q);
      const Index p = structure.entry_source[e];
      REQUIRE(p >= 0);
      REQUIRE(p < static_cast<Index>(rows.size()));
      ++seen[static_cast<std::size_t>(p)];
      const Index row = rows[static_cast<std::size_t>(p)];
      const Index col = column_of[static_cast<std::size_t>(p)];
      INFO("supernode " << s << " entry (" << row << ", " << col << ")");
      CHECK(owner[static_cast<std::size_t>(std::min(row, col))] == s);
      CHECK(structure.entry_row[e] == front_position(structure, s, row));
      CHECK(structure.entry_col[e] == front_position(structure, s, col));
      CHECK(structure.entry_row[e] >= 0);
      CHECK(structure.entry_col[e] >= 0);
    }
  }
  CHECK(std::all_of(seen.begin(), seen.end(), [](int times) { return times == 1; }));
}

// (g) and first_descendant of (d).
void check_schedule(SupernodalStructure<Index>& structure, double grain) {
  INFO("grain " << grain);
  lupine::detail::plan_schedule(structure, grain);
  const Index count = structure.count;
  REQUIRE(structure.first_descendant.size() == static_cast<std::size_t>(count));
  REQUIRE(structure.subtree_flops.size() == static_cast<std::size_t>(count));
  REQUIRE(structure.subtree_root.size() == static_cast<std::size_t>(count));
  REQUIRE(structure.in_subtree.size() == static_cast<std::size_t>(count));
  REQUIRE(structure.stack_below.size() == static_cast<std::size_t>(count));
  auto is_ancestor_or_self = [&](Index a, Index t) {
    for (; t >= 0; t = structure.parent[t]) {
      if (t == a) return true;
    }
    return false;
  };
  for (Index s = 0; s < count; ++s) {
    INFO("supernode " << s);
    // The subtree of s is exactly the postorder range [first_descendant[s], s].
    const Index first = structure.first_descendant[s];
    CHECK(first <= s);
    double flops = 0;
    for (Index t = 0; t < count; ++t) {
      const bool inside = t >= first && t <= s;
      CHECK(is_ancestor_or_self(s, t) == inside);
      if (inside) flops += structure.flops[static_cast<std::size_t>(t)];
    }
    CHECK(structure.subtree_flops[s] == Approx(flops).epsilon(1e-12).margin(1e-9));
    // Each node is below exactly one subtree root, or above every subtree root.
    int roots_on_path = 0;
    for (Index t = s; t >= 0; t = structure.parent[t]) roots_on_path += structure.subtree_root[t];
    CHECK(roots_on_path == (structure.in_subtree[s] ? 1 : 0));
    if (structure.subtree_root[s]) {
      CHECK(structure.subtree_flops[s] <= grain);
      const Index p = structure.parent[s];
      if (p >= 0) CHECK(structure.subtree_flops[p] > grain);
      CHECK(structure.stack_below[s] <= structure.largest_subtree_stack);
    }
    if (!structure.in_subtree[s]) {
      CHECK(structure.subtree_flops[s] > grain);
      for (Index t = structure.parent[s]; t >= 0; t = structure.parent[t]) {
        CHECK_FALSE(structure.in_subtree[t]);
      }
    } else {
      CHECK(structure.subtree_flops[s] <= grain);
    }
  }
  // The stack a task needs below each node, replayed the way the sweep uses it: each front
  // (front_workspace(m, nfs) scalars) above the contribution blocks of the earlier children, its
  // own block then slid down to where its first child's began.
  const auto front_size = [&](Index t) {
    return lupine::detail::front_workspace(structure.front_order(t), structure.columns(t));
  };
  std::vector<std::int64_t> offset(static_cast<std::size_t>(count), 0);
  for (Index s = 0; s < count; ++s) {
    INFO("supernode " << s);
    std::int64_t top = 0;
    std::int64_t peak = 0;
    for (Index t = structure.first_descendant[s]; t < s; ++t) {
      const Index child_begin = structure.child_ptr[t];
      const std::int64_t base =
          structure.child_ptr[t + 1] > child_begin
              ? offset[static_cast<std::size_t>(structure.children[child_begin])]
              : top;
      peak = std::max(peak, top + front_size(t));
      const std::int64_t block = structure.structure_size(t);
      offset[static_cast<std::size_t>(t)] = base;
      top = base + block * block;
    }
    peak = std::max(peak, top);  // the children's blocks, waiting for the front of s
    CHECK(structure.stack_below[s] == peak);
  }
  // One thread, one stack per tree: the largest root stack plus the largest root front.
  std::int64_t root_stack = 0;
  std::int64_t root_front = 0;
  for (Index s = 0; s < count; ++s) {
    if (structure.parent[s] >= 0) continue;
    root_stack = std::max(root_stack, structure.stack_below[s]);
    root_front = std::max(root_front, front_size(s));
  }
  CHECK(structure.sequential_working == root_stack + root_front);
  // The contribution space: every block that outlives its task has a place inside it, and
  // two places overlap only when one front is an ancestor of the other (its block is written
  // after the descendant's was assembled, whatever the schedule).
  const auto is_ancestor = [&](Index ancestor, Index node) {
    for (Index p = structure.parent[node]; p >= 0; p = structure.parent[p]) {
      if (p == ancestor) return true;
    }
    return false;
  };
  for (Index s = 0; s < count; ++s) {
    INFO("supernode " << s);
    const bool outlives_task =
        structure.parent[s] >= 0 && (!structure.in_subtree[s] || structure.subtree_root[s]);
    const std::int64_t offset_s = structure.contribution_offset[static_cast<std::size_t>(s)];
    const std::int64_t size_s =
        std::int64_t{structure.structure_size(s)} * structure.structure_size(s);
    if (!outlives_task) {
      CHECK(offset_s == -1);
      continue;
    }
    REQUIRE(offset_s >= 0);
    CHECK(offset_s + size_s <= structure.contribution_space);
    for (Index t = 0; t < s; ++t) {
      const std::int64_t offset_t = structure.contribution_offset[static_cast<std::size_t>(t)];
      if (offset_t < 0) continue;
      const std::int64_t size_t_ =
          std::int64_t{structure.structure_size(t)} * structure.structure_size(t);
      const bool overlap = offset_s < offset_t + size_t_ && offset_t < offset_s + size_s;
      if (overlap) CHECK(is_ancestor(s, t));
    }
  }
}

// Analyzes every test block in every test order under the rule, checks what every analysis
// must satisfy (a permutation, the tree and the predictions against the exact structure), and
// hands the rest to check.
template <class Check>
void for_each_checked_analysis(const AmalgamationRule& rule, Check check) {
  for (const Block& block : test_blocks()) {
    for (const NamedOrder& order : test_orders(block)) {
      INFO(block.name << ", order " << order.name);
      std::vector<Index> final_order;
      auto structure = analyze(block, order.order, rule, final_order);
      REQUIRE(is_permutation_of_range(final_order, block.n()));
      const auto exact = brute_force_structure(block, final_order);
      check_tree_and_predictions(structure, exact);
      check(block, final_order, structure, exact);
    }
  }
}

}  // namespace

TEST_CASE("without amalgamation the supernodes are the fundamental supernodes",
          "[symbolic][supernodes]") {
  const AmalgamationRule rule = never_merge();
  for_each_checked_analysis(rule, [&](const Block& block, const std::vector<Index>& /*final_order*/,
                                      const SupernodalStructure<Index>& structure,
                                      const std::vector<std::vector<Index>>& exact) {
    const std::vector<char> link = chain_links(exact);
    std::int64_t fundamental = block.n() > 0 ? 1 : 0;
    for (Index j = 1; j < block.n(); ++j) fundamental += !link[static_cast<std::size_t>(j)];
    CHECK(structure.count == fundamental);
    for (Index s = 0; s < structure.count; ++s) {
      INFO("supernode " << s);
      const Index first = structure.first[s];
      const Index last = structure.first[s + 1] - 1;
      // A fundamental supernode: a chain of nested columns, maximal at both ends.
      if (first > 0) CHECK_FALSE(link[static_cast<std::size_t>(first)]);
      for (Index j = first + 1; j <= last; ++j) CHECK(link[static_cast<std::size_t>(j)]);
      const auto& below = exact[static_cast<std::size_t>(last)];
      const std::vector<Index> rows(structure.structure.begin() + structure.structure_ptr[s],
                                    structure.structure.begin() + structure.structure_ptr[s + 1]);
      CHECK(rows == below);
    }
  });
}

TEST_CASE("zero amalgamation thresholds merge only supernodes without explicit zeros",
          "[symbolic][supernodes]") {
  const AmalgamationRule rule = zero_thresholds();
  for_each_checked_analysis(rule, [&](const Block& /*block*/,
                                      const std::vector<Index>& /*final_order*/,
                                      const SupernodalStructure<Index>& structure,
                                      const std::vector<std::vector<Index>>& exact) {
    for (Index s = 0; s < structure.count; ++s) {
      INFO("supernode " << s);
      const Index last = structure.first[s + 1] - 1;
      const std::vector<Index> rows(structure.structure.begin() + structure.structure_ptr[s],
                                    structure.structure.begin() + structure.structure_ptr[s + 1]);
      for (Index j = structure.first[s]; j <= last; ++j) {
        // Column j is dense in the front: every later column of s, then the structure.
        std::vector<Index> expected;
        for (Index i = j + 1; i <= last; ++i) expected.push_back(i);
        expected.insert(expected.end(), rows.begin(), rows.end());
        CHECK(exact[static_cast<std::size_t>(j)] == expected);
      }
    }
  });
}

TEST_CASE("amalgamated supernodes cover the exact structure and follow the rule",
          "[symbolic][supernodes]") {
  const AmalgamationRule rule;  // the defaults
  for_each_checked_analysis(rule, [&](const Block& block, const std::vector<Index>& final_order,
                                      SupernodalStructure<Index>& structure,
                                      const std::vector<std::vector<Index>>& exact) {
    const std::vector<char> link = chain_links(exact);
    for (Index s = 0; s < structure.count; ++s) {
      INFO("supernode " << s);
      const Index first = structure.first[s];
      const Index last = structure.first[s + 1] - 1;
      std::vector<char> in_front(static_cast<std::size_t>(block.n()), 0);
      for (Index j = first; j <= last; ++j) in_front[static_cast<std::size_t>(j)] = 1;
      for (std::int64_t q = structure.structure_ptr[s]; q < structure.structure_ptr[s + 1]; ++q) {
        in_front[static_cast<std::size_t>(structure.structure[static_cast<std::size_t>(q)])] = 1;
      }
      double true_entries = 0;
      for (Index j = first; j <= last; ++j) {
        for (const Index i : exact[static_cast<std::size_t>(j)]) {
          CHECK(in_front[static_cast<std::size_t>(i)]);
        }
        true_entries += static_cast<double>(exact[static_cast<std::size_t>(j)].size() + 1);
      }
      // The structure is exactly that of the supernode's last column.
      const std::vector<Index> rows(structure.structure.begin() + structure.structure_ptr[s],
                                    structure.structure.begin() + structure.structure_ptr[s + 1]);
      CHECK(rows == exact[static_cast<std::size_t>(last)]);
      // A supernode made of several fundamental ones passed the rule at its last merge,
      // which left it as it is now.
      std::int64_t pieces = 1;
      for (Index j = first + 1; j <= last; ++j) pieces += !link[static_cast<std::size_t>(j)];
      if (pieces > 1) {
        CHECK(rule_allows(rule, structure.columns(s), structure.structure_size(s), true_entries));
      }
    }
    check_entry_maps(structure, block, final_order);
    for (const double fraction : {0.0, 0.1, 0.5, 1.0, 2.0}) {
      check_schedule(structure, fraction * structure.total_flops);
    }
  });
}

TEST_CASE("amalgamation merges small supernodes of a 3D grid", "[symbolic][supernodes]") {
  const Block block = make_block("3D Laplacian 6x6x5", lupine::generate::laplacian_3d(6, 6, 5));
  const auto amd =
      lupine::detail::order_block(block.n(), block.col_ptr.data(), block.rows.data(),
                                  block.col_ptr.data(), block.rows.data(), lupine::Ordering::amd);
  std::vector<Index> unused;
  const auto fundamental = analyze(block, amd.perm, never_merge(), unused);
  const auto relaxed = analyze(block, amd.perm, AmalgamationRule{}, unused);
  CHECK(relaxed.count < fundamental.count);
  CHECK(relaxed.factor_entries >= fundamental.factor_entries);
  CHECK(relaxed.largest_front >= fundamental.largest_front);
  // Without amalgamation the factor entries are those of the exact Cholesky pattern, counted
  // for L and U: sum over columns of 2 |struct(j)| + 1.
  std::vector<Index> final_order;
  const auto exact_structure = analyze(block, amd.perm, never_merge(), final_order);
  const auto exact = brute_force_structure(block, final_order);
  std::int64_t lu = 0;
  for (const auto& column : exact) lu += 2 * static_cast<std::int64_t>(column.size()) + 1;
  CHECK(exact_structure.factor_entries == lu);
}

TEST_CASE("children are ordered to keep the contribution stack small", "[symbolic][supernodes]") {
  // Liu (1986): with the multifrontal stack model (a front of m^2 + m scalars above its
  // children's m_c^2 contribution blocks), processing children by decreasing
  // peak - contribution minimizes the stack peak of their parent.
  for (const Block& block : test_blocks()) {
    for (const NamedOrder& order : test_orders(block)) {
      INFO(block.name << ", order " << order.name);
      std::vector<Index> final_order;
      const auto structure = analyze(block, order.order, AmalgamationRule{}, final_order);
      const Index count = structure.count;
      std::vector<std::int64_t> peak(static_cast<std::size_t>(count), 0);
      for (Index s = 0; s < count; ++s) {
        INFO("supernode " << s);
        const std::int64_t m = structure.front_order(s);
        std::int64_t running = 0, best = 0;
        for (Index q = structure.child_ptr[s]; q < structure.child_ptr[s + 1]; ++q) {
          const Index c = structure.children[q];
          const std::int64_t cb = structure.structure_size(c);
          if (q > structure.child_ptr[s]) {
            const Index before = structure.children[q - 1];
            const std::int64_t cb_before = structure.structure_size(before);
            CHECK(peak[static_cast<std::size_t>(c)] - cb * cb <=
                  peak[static_cast<std::size_t>(before)] - cb_before * cb_before);
          }
          best = std::max(best, running + peak[static_cast<std::size_t>(c)]);
          running += cb * cb;
        }
        peak[static_cast<std::size_t>(s)] =
            std::max(best, running + lupine::detail::front_workspace(m, structure.columns(s)));
      }
    }
  }
}

TEST_CASE("analyze_supernodes gives the same structure for 64-bit indices",
          "[symbolic][supernodes]") {
  const Block block = make_block("3D Laplacian 4x4x3", lupine::generate::laplacian_3d(4, 4, 3));
  const auto amd =
      lupine::detail::order_block(block.n(), block.col_ptr.data(), block.rows.data(),
                                  block.col_ptr.data(), block.rows.data(), lupine::Ordering::amd);
  std::vector<Index> final32;
  const auto narrow = analyze(block, amd.perm, AmalgamationRule{}, final32);
  const std::vector<std::int64_t> col_ptr(block.col_ptr.begin(), block.col_ptr.end());
  const std::vector<std::int64_t> rows(block.rows.begin(), block.rows.end());
  const std::vector<std::int64_t> order(amd.perm.begin(), amd.perm.end());
  std::vector<std::int64_t> final64;
  const auto wide = lupine::detail::analyze_supernodes<std::int64_t>(
      block.n(), col_ptr.data(), rows.data(), order, AmalgamationRule{}, final64);
  CHECK(std::vector<std::int64_t>(final32.begin(), final32.end()) == final64);
  CHECK(std::vector<std::int64_t>(narrow.first.begin(), narrow.first.end()) == wide.first);
  CHECK(std::vector<std::int64_t>(narrow.structure.begin(), narrow.structure.end()) ==
        wide.structure);
  CHECK(narrow.factor_entries == wide.factor_entries);
}
