#include "symbolic/supernodes.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string>

#include "core/allocation.hpp"
#include "lupine/error.hpp"
#include "numeric/front.hpp"
#include "symbolic/column_counts.hpp"
#include "symbolic/etree.hpp"

namespace lupine::detail {
namespace {

bool should_merge(const AmalgamationRule& rule, std::int64_t columns, double zero_fraction) {
  if (columns <= rule.always_columns) return true;
  if (columns <= rule.small_columns && zero_fraction <= rule.small_zeros) return true;
  if (columns <= rule.medium_columns && zero_fraction <= rule.medium_zeros) return true;
  return zero_fraction <= rule.large_zeros;
}

// A fundamental supernode, or a group of them merged by amalgamation (held by its topmost
// member, the representative).
struct Group {
  std::int64_t columns = 0;
  std::int64_t structure = 0;     // rows below the group: the structure of its top member
  double true_entries = 0;        // entries of L in these columns without amalgamation
  std::int64_t merged_into = -1;  // parent group it joined, -1 for a representative
};

// Peak stack (in scalars) of factoring the subtree of each node with the multifrontal stack,
// children in the given order: children's contribution blocks stay on the stack below the
// parent's front until it is factored (Liu's model).
template <class Index>
std::vector<std::int64_t> stack_peaks(const std::vector<std::int64_t>& front,
                                      const std::vector<std::int64_t>& contribution,
                                      const std::vector<Index>& child_ptr,
                                      const std::vector<Index>& children) {
  const std::size_t count = front.size();
  std::vector<std::int64_t> peak(count, 0);
  for (std::size_t s = 0; s < count; ++s) {
    std::int64_t running = 0;
    std::int64_t best = 0;
    for (Index q = child_ptr[s]; q < child_ptr[s + 1]; ++q) {
      const Index c = children[q];
      best = std::max(best, running + peak[c]);
      running += contribution[c];
    }
    peak[s] = std::max(best, running + front[s]);
  }
  return peak;
}

}  // namespace

template <class Index>
SupernodalStructure<Index> analyze_supernodes(Index n, const Index* symmetric_col_ptr,
                                              const Index* symmetric_rows,
                                              const std::vector<Index>& order,
                                              const AmalgamationRule& rule,
                                              std::vector<Index>& final_order) {
  const std::size_t size = static_cast<std::size_t>(n);
  std::vector<Index> inverse(size);
  for (std::size_t k = 0; k < size; ++k) inverse[order[k]] = static_cast<Index>(k);
  const std::vector<Index> parent =
      elimination_tree(n, symmetric_col_ptr, symmetric_rows, order.data(), inverse.data());
  const std::vector<Index> post = postorder(parent);
  const std::vector<Index> counts = column_counts(n, symmetric_col_ptr, symmetric_rows, parent,
                                                  post, order.data(), inverse.data());

  // Relabel by the postorder: label l is ordered position post[l].
  std::vector<Index> label_of(size);
  for (std::size_t l = 0; l < size; ++l) label_of[post[l]] = static_cast<Index>(l);
  std::vector<Index> label_parent(size);
  std::vector<Index> label_count(size);
  std::vector<Index> child_count(size, 0);
  for (std::size_t l = 0; l < size; ++l) {
    const Index j = post[l];
    label_parent[l] = parent[j] < 0 ? Index{-1} : label_of[parent[j]];
    label_count[l] = counts[j];
    if (label_parent[l] >= 0) ++child_count[label_parent[l]];
  }

  // Fundamental supernodes: l joins l - 1 when it is l - 1's parent and only child, and
  // column l - 1's structure is column l's plus l itself.
  std::vector<Index> fundamental_first{0};
  for (std::size_t l = 1; l < size; ++l) {
    const bool chain = label_parent[l - 1] == static_cast<Index>(l) && child_count[l] == 1 &&
                       label_count[l - 1] == label_count[l] + 1;
    if (!chain) fundamental_first.push_back(static_cast<Index>(l));
  }
  if (n > 0) fundamental_first.push_back(n);
  const std::size_t fundamental = fundamental_first.empty() ? 0 : fundamental_first.size() - 1;
  std::vector<Index> fundamental_of(size);
  std::vector<Group> groups(fundamental);
  std::vector<Index> fundamental_parent(fundamental);
  for (std::size_t s = 0; s < fundamental; ++s) {
    const Index begin = fundamental_first[s];
    const Index end = fundamental_first[s + 1];
    Group& group = groups[s];
    group.columns = end - begin;
    group.structure = label_count[end - 1] - 1;
    for (Index l = begin; l < end; ++l) {
      fundamental_of[l] = static_cast<Index>(s);
      group.true_entries += static_cast<double>(label_count[l]);
    }
  }
  std::vector<Index> fundamental_child_ptr(fundamental + 1, 0);
  for (std::size_t s = 0; s < fundamental; ++s) {
    const Index top = label_parent[fundamental_first[s + 1] - 1];
    fundamental_parent[s] = top < 0 ? Index{-1} : fundamental_of[top];
    if (top >= 0) ++fundamental_child_ptr[fundamental_parent[s] + 1];
  }
  for (std::size_t s = 0; s < fundamental; ++s) {
    fundamental_child_ptr[s + 1] += fundamental_child_ptr[s];
  }
  std::vector<Index> fundamental_children(static_cast<std::size_t>(fundamental_child_ptr.back()));
  {
    std::vector<Index> next(fundamental_child_ptr.begin(), fundamental_child_ptr.end() - 1);
    for (std::size_t s = 0; s < fundamental; ++s) {
      if (fundamental_parent[s] >= 0) {
        fundamental_children[next[fundamental_parent[s]]++] = static_cast<Index>(s);
      }
    }
  }

  // Relaxed amalgamation, children before parents (labels increase towards the roots).
  for (std::size_t p = 0; p < fundamental; ++p) {
    for (Index q = fundamental_child_ptr[p]; q < fundamental_child_ptr[p + 1]; ++q) {
      const Index c = fundamental_children[q];
      const std::int64_t columns = groups[p].columns + groups[c].columns;
      const double structure = static_cast<double>(groups[p].structure);
      const double dense_entries =
          static_cast<double>(columns) * (static_cast<double>(columns) + 1) / 2 +
          static_cast<double>(columns) * structure;
      const double true_entries = groups[p].true_entries + groups[c].true_entries;
      const double zeros = (dense_entries - true_entries) / dense_entries;
      if (should_merge(rule, columns, zeros)) {
        groups[c].merged_into = static_cast<std::int64_t>(p);
        groups[p].columns = columns;
        groups[p].true_entries = true_entries;
      }
    }
  }
  auto representative = [&](std::size_t s) {
    while (groups[s].merged_into >= 0) s = static_cast<std::size_t>(groups[s].merged_into);
    return s;
  };
  // Final supernodes: the representatives, in increasing label order (children first).
  std::vector<Index> final_of_fundamental(fundamental, -1);
  std::vector<std::size_t> representatives;
  for (std::size_t s = 0; s < fundamental; ++s) {
    if (groups[s].merged_into < 0) {
      final_of_fundamental[s] = static_cast<Index>(representatives.size());
      representatives.push_back(s);
    }
  }
  const std::size_t count = representatives.size();
  std::vector<Index> group_parent(count, -1);
  std::vector<std::int64_t> front(count), contribution(count);
  for (std::size_t g = 0; g < count; ++g) {
    const std::size_t r = representatives[g];
    const Index up = fundamental_parent[r];
    group_parent[g] = up < 0 ? Index{-1} : final_of_fundamental[representative(up)];
    const std::int64_t order = groups[r].columns + groups[r].structure;
    front[g] = front_workspace(order, groups[r].columns);
    contribution[g] = groups[r].structure * groups[r].structure;
  }
  // Children lists (increasing g), then peaks, then children reordered by decreasing
  // peak - contribution: the order that minimizes the stack peak.
  std::vector<Index> group_child_ptr(count + 1, 0);
  for (std::size_t g = 0; g < count; ++g) {
    if (group_parent[g] >= 0) ++group_child_ptr[group_parent[g] + 1];
  }
  for (std::size_t g = 0; g < count; ++g) group_child_ptr[g + 1] += group_child_ptr[g];
  std::vector<Index> group_children(static_cast<std::size_t>(group_child_ptr.back()));
  {
    std::vector<Index> next(group_child_ptr.begin(), group_child_ptr.end() - 1);
    for (std::size_t g = 0; g < count; ++g) {
      if (group_parent[g] >= 0) group_children[next[group_parent[g]]++] = static_cast<Index>(g);
    }
  }
  std::vector<std::int64_t> peak(count, 0);
  for (std::size_t g = 0; g < count; ++g) {
    auto begin = group_children.begin() + group_child_ptr[g];
    auto end = group_children.begin() + group_child_ptr[g + 1];
    std::stable_sort(begin, end, [&](Index a, Index b) {
      return peak[a] - contribution[a] > peak[b] - contribution[b];
    });
    std::int64_t running = 0;
    std::int64_t best = 0;
    for (auto c = begin; c != end; ++c) {
      best = std::max(best, running + peak[*c]);
      running += contribution[*c];
    }
    peak[g] = std::max(best, running + front[g]);
  }
  // Postorder of the group tree with those children orders; roots in label order.
  std::vector<Index> group_post;
  group_post.reserve(count);
  {
    std::vector<std::pair<Index, Index>> stack;  // (group, next child slot)
    for (std::size_t root = 0; root < count; ++root) {
      if (group_parent[root] >= 0) continue;
      stack.emplace_back(static_cast<Index>(root), group_child_ptr[root]);
      while (!stack.empty()) {
        auto& [g, slot] = stack.back();
        if (slot < group_child_ptr[g + 1]) {
          const Index child = group_children[slot++];
          stack.emplace_back(child, group_child_ptr[child]);
        } else {
          group_post.push_back(g);
          stack.pop_back();
        }
      }
    }
  }
  std::vector<Index> final_index(count);
  for (std::size_t s = 0; s < count; ++s) final_index[group_post[s]] = static_cast<Index>(s);

  // Member labels of each group, ascending, give the final numbering.
  std::vector<std::vector<Index>> members(count);
  for (std::size_t s = 0; s < fundamental; ++s) {
    members[final_of_fundamental[representative(s)]].push_back(static_cast<Index>(s));
  }
  SupernodalStructure<Index> result;
  result.size = n;
  result.count = static_cast<Index>(count);
  result.first.assign(count + 1, 0);
  result.parent.assign(count, -1);
  final_order.assign(size, 0);
  std::vector<Index> final_position(size);  // by block column
  std::vector<std::int64_t> expected_structure(count);
  {
    Index next = 0;
    for (std::size_t s = 0; s < count; ++s) {
      const Index g = group_post[s];
      result.first[s] = next;
      for (const Index member : members[g]) {  // ascending labels, so children first
        for (Index l = fundamental_first[member]; l < fundamental_first[member + 1]; ++l) {
          const Index column = order[post[l]];
          final_order[next] = column;
          final_position[column] = next;
          ++next;
        }
      }
      result.parent[s] = group_parent[g] < 0 ? Index{-1} : final_index[group_parent[g]];
      expected_structure[s] = groups[representatives[g]].structure;
    }
    result.first[count] = next;
  }
  result.child_ptr.assign(count + 1, 0);
  for (std::size_t s = 0; s < count; ++s) {
    if (result.parent[s] >= 0) ++result.child_ptr[result.parent[s] + 1];
  }
  for (std::size_t s = 0; s < count; ++s) result.child_ptr[s + 1] += result.child_ptr[s];
  result.children.resize(static_cast<std::size_t>(result.child_ptr[count]));
  {
    std::vector<Index> next(result.child_ptr.begin(), result.child_ptr.end() - 1);
    for (std::size_t s = 0; s < count; ++s) {
      if (result.parent[s] >= 0) result.children[next[result.parent[s]]++] = static_cast<Index>(s);
    }
  }

  // Structures, bottom-up: the pattern of the supernode's columns below it, plus its
  // children's structures, less its own columns.
  result.structure_ptr.assign(count + 1, 0);
  for (std::size_t s = 0; s < count; ++s) {
    result.structure_ptr[s + 1] = result.structure_ptr[s] + expected_structure[s];
  }
  result.structure.resize(static_cast<std::size_t>(result.structure_ptr[count]));
  std::vector<Index> marker(size, -1);
  for (std::size_t s = 0; s < count; ++s) {
    const Index last = result.first[s + 1] - 1;
    const Index tag = static_cast<Index>(s);
    std::int64_t fill = result.structure_ptr[s];
    auto add = [&](Index i) {
      if (i <= last || marker[i] == tag) return;
      if (fill == result.structure_ptr[s + 1]) {
        throw Error(ErrorKind::internal,
                    "supernode " + std::to_string(s) + " has more rows than its column counts");
      }
      marker[i] = tag;
      result.structure[static_cast<std::size_t>(fill++)] = i;
    };
    for (Index j = result.first[s]; j <= last; ++j) {
      const Index column = final_order[j];
      for (Index p = symmetric_col_ptr[column]; p < symmetric_col_ptr[column + 1]; ++p) {
        add(final_position[symmetric_rows[p]]);
      }
    }
    for (Index q = result.child_ptr[s]; q < result.child_ptr[s + 1]; ++q) {
      const Index c = result.children[q];
      for (std::int64_t p = result.structure_ptr[c]; p < result.structure_ptr[c + 1]; ++p) {
        add(result.structure[static_cast<std::size_t>(p)]);
      }
    }
    if (fill != result.structure_ptr[s + 1]) {
      throw Error(ErrorKind::internal,
                  "supernode " + std::to_string(s) + " has fewer rows than its column counts");
    }
    std::sort(result.structure.begin() + result.structure_ptr[s],
              result.structure.begin() + result.structure_ptr[s + 1]);
  }

  // Where each contribution-block row lands in the parent's front.
  result.relative.resize(result.structure.size());
  std::vector<Index> where(size, -1);
  for (std::size_t p = 0; p < count; ++p) {
    const Index columns = result.columns(static_cast<Index>(p));
    for (std::int64_t q = result.structure_ptr[p]; q < result.structure_ptr[p + 1]; ++q) {
      where[result.structure[static_cast<std::size_t>(q)]] =
          columns + static_cast<Index>(q - result.structure_ptr[p]);
    }
    for (Index q = result.child_ptr[p]; q < result.child_ptr[p + 1]; ++q) {
      const Index c = result.children[q];
      for (std::int64_t t = result.structure_ptr[c]; t < result.structure_ptr[c + 1]; ++t) {
        const Index i = result.structure[static_cast<std::size_t>(t)];
        result.relative[static_cast<std::size_t>(t)] =
            i < result.first[p + 1] ? i - result.first[p] : where[i];
      }
    }
  }

  // Predictions.
  result.flops.assign(count, 0);
  result.factor_offset.assign(count + 1, 0);
  for (std::size_t s = 0; s < count; ++s) {
    const std::int64_t e = result.columns(static_cast<Index>(s));
    const std::int64_t m = result.front_order(static_cast<Index>(s));
    result.flops[s] = front_flops(static_cast<double>(m), static_cast<double>(e));
    result.total_flops += result.flops[s];
    result.factor_offset[s + 1] = result.factor_offset[s] + e * (2 * m - e);
    result.largest_front = std::max(result.largest_front, m);
  }
  result.factor_entries = result.factor_offset[count];
  result.structure_total = result.structure_ptr[count];
  return result;
}

template <class Index>
void build_entry_maps(SupernodalStructure<Index>& structure, const Index* col_ptr,
                      const Index* rows) {
  const Index n = structure.size;
  const std::size_t count = static_cast<std::size_t>(structure.count);
  std::vector<Index> owner(static_cast<std::size_t>(n));
  for (std::size_t s = 0; s < count; ++s) {
    std::fill(owner.begin() + structure.first[s], owner.begin() + structure.first[s + 1],
              static_cast<Index>(s));
  }
  structure.entry_ptr.assign(count + 1, 0);
  for (Index k = 0; k < n; ++k) {
    for (Index p = col_ptr[k]; p < col_ptr[k + 1]; ++p) {
      ++structure.entry_ptr[owner[std::min(rows[p], k)] + 1];
    }
  }
  for (std::size_t s = 0; s < count; ++s) structure.entry_ptr[s + 1] += structure.entry_ptr[s];
  const std::size_t entries = static_cast<std::size_t>(structure.entry_ptr[count]);
  structure.entry_source.resize(entries);
  structure.entry_row.resize(entries);
  structure.entry_col.resize(entries);
  std::vector<std::int64_t> next(structure.entry_ptr.begin(), structure.entry_ptr.end() - 1);
  for (Index k = 0; k < n; ++k) {
    for (Index p = col_ptr[k]; p < col_ptr[k + 1]; ++p) {
      const std::size_t q = static_cast<std::size_t>(next[owner[std::min(rows[p], k)]]++);
      structure.entry_source[q] = p;
      structure.entry_row[q] = rows[p];
      structure.entry_col[q] = k;
    }
  }
  // Global block indices to front positions, one supernode at a time.
  std::vector<Index> where(static_cast<std::size_t>(n), -1);
  for (std::size_t s = 0; s < count; ++s) {
    const Index first = structure.first[s];
    const Index columns = structure.columns(static_cast<Index>(s));
    for (Index j = 0; j < columns; ++j) where[first + j] = j;
    for (std::int64_t q = structure.structure_ptr[s]; q < structure.structure_ptr[s + 1]; ++q) {
      where[structure.structure[static_cast<std::size_t>(q)]] =
          columns + static_cast<Index>(q - structure.structure_ptr[s]);
    }
    for (std::int64_t q = structure.entry_ptr[s]; q < structure.entry_ptr[s + 1]; ++q) {
      const std::size_t e = static_cast<std::size_t>(q);
      structure.entry_row[e] = where[structure.entry_row[e]];
      structure.entry_col[e] = where[structure.entry_col[e]];
    }
  }
}

template <class Index>
void plan_schedule(SupernodalStructure<Index>& structure, double grain) {
  const std::size_t count = static_cast<std::size_t>(structure.count);
  structure.subtree_flops.assign(structure.flops.begin(), structure.flops.end());
  for (std::size_t s = 0; s < count; ++s) {
    if (structure.parent[s] >= 0) {
      structure.subtree_flops[structure.parent[s]] += structure.subtree_flops[s];
    }
  }
  structure.roots.clear();
  for (std::size_t s = 0; s < count; ++s) {
    if (structure.parent[s] < 0) structure.roots.push_back(static_cast<Index>(s));
  }
  structure.first_descendant.resize(count);
  for (std::size_t s = 0; s < count; ++s) structure.first_descendant[s] = static_cast<Index>(s);
  for (std::size_t s = 0; s < count; ++s) {
    const Index p = structure.parent[s];
    if (p >= 0) {
      structure.first_descendant[p] =
          std::min(structure.first_descendant[p], structure.first_descendant[s]);
    }
  }
  structure.subtree_root.assign(count, 0);
  structure.in_subtree.assign(count, 0);
  for (std::size_t s = count; s-- > 0;) {
    const Index p = structure.parent[s];
    const bool small = structure.subtree_flops[s] <= grain;
    structure.subtree_root[s] = small && (p < 0 || structure.subtree_flops[p] > grain);
    structure.in_subtree[s] = structure.subtree_root[s] || (p >= 0 && structure.in_subtree[p]);
  }
  std::vector<std::int64_t> front(count), contribution(count);
  for (std::size_t s = 0; s < count; ++s) {
    const std::int64_t m = structure.front_order(static_cast<Index>(s));
    const std::int64_t cb = structure.structure_size(static_cast<Index>(s));
    front[s] = front_workspace(m, structure.columns(static_cast<Index>(s)));
    contribution[s] = cb * cb;
  }
  const std::vector<std::int64_t> peak =
      stack_peaks(front, contribution, structure.child_ptr, structure.children);
  structure.stack_below.assign(count, 0);
  for (std::size_t s = 0; s < count; ++s) {
    std::int64_t running = 0;
    std::int64_t stack = 0;
    for (Index q = structure.child_ptr[s]; q < structure.child_ptr[s + 1]; ++q) {
      const Index c = structure.children[q];
      stack = std::max(stack, running + peak[c]);
      running += contribution[c];
    }
    structure.stack_below[s] = std::max(stack, running);
  }
  structure.largest_subtree_stack = 0;
  structure.largest_task_front = 0;
  structure.largest_root_front = 0;
  structure.largest_root_stack = 0;
  for (std::size_t s = 0; s < count; ++s) {
    if (structure.subtree_root[s]) {
      structure.largest_subtree_stack =
          std::max(structure.largest_subtree_stack, structure.stack_below[s]);
    }
    if (!structure.in_subtree[s] || structure.subtree_root[s]) {
      structure.largest_task_front = std::max(structure.largest_task_front, front[s]);
    }
    if (structure.parent[s] < 0) {
      structure.largest_root_front = std::max(structure.largest_root_front, front[s]);
      structure.largest_root_stack =
          std::max(structure.largest_root_stack, structure.stack_below[s]);
    }
  }
  structure.sequential_working = structure.largest_root_stack + structure.largest_root_front;
  // Contribution space: region[s] holds s's block and, overlapping it, its children's regions
  // side by side (their blocks are assembled into s before s writes its own).
  std::vector<std::int64_t> region(count, 0);
  for (std::size_t s = 0; s < count; ++s) {
    if (structure.in_subtree[s] && !structure.subtree_root[s]) continue;
    std::int64_t children = 0;
    if (!structure.subtree_root[s]) {
      for (Index q = structure.child_ptr[s]; q < structure.child_ptr[s + 1]; ++q) {
        children += region[structure.children[q]];
      }
    }
    region[s] = std::max(structure.parent[s] >= 0 ? contribution[s] : 0, children);
  }
  structure.contribution_offset.assign(count, -1);
  structure.contribution_space = 0;
  for (const Index r : structure.roots) {
    structure.contribution_offset[r] = structure.contribution_space;
    structure.contribution_space += region[r];
  }
  for (std::size_t s = count; s-- > 0;) {
    if (structure.contribution_offset[s] < 0 || structure.subtree_root[s]) continue;
    std::int64_t next = structure.contribution_offset[s];
    for (Index q = structure.child_ptr[s]; q < structure.child_ptr[s + 1]; ++q) {
      const Index c = structure.children[q];
      structure.contribution_offset[c] = next;
      next += region[c];
    }
  }
  for (const Index r : structure.roots) structure.contribution_offset[r] = -1;
}

#define LUPINE_INSTANTIATE_SUPERNODES(Index)                                                 \
  template SupernodalStructure<Index> analyze_supernodes(                                    \
      Index, const Index*, const Index*, const std::vector<Index>&, const AmalgamationRule&, \
      std::vector<Index>&);                                                                  \
  template void build_entry_maps(SupernodalStructure<Index>&, const Index*, const Index*);   \
  template void plan_schedule(SupernodalStructure<Index>&, double);

LUPINE_INSTANTIATE_SUPERNODES(std::int32_t)
LUPINE_INSTANTIATE_SUPERNODES(std::int64_t)

}  // namespace lupine::detail
