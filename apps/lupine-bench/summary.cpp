#include "summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include <utility>

#include "json.hpp"
#include "measure.hpp"

namespace lupine_bench {
namespace {

constexpr const char* lupine_name = "lupine";
constexpr const char* all_groups = "all";
constexpr const char* all_complex_groups = "all/complex";
constexpr const char* complex_suffix = "/complex";

using Key = std::pair<std::string, std::string>;  // (summary group, matrix)

bool is_complex_group(const std::string& group) {
  const std::string suffix = complex_suffix;
  return group.size() > suffix.size() &&
         group.compare(group.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Whether the matrix of `key` counts in `group`: "all" takes the real groups and
/// "all/complex" the complex ones, so that real and complex times are never averaged together.
bool in_group(const Key& key, const std::string& group) {
  if (group == all_groups) return !is_complex_group(key.first);
  if (group == all_complex_groups) return is_complex_group(key.first);
  return key.first == group;
}
/// A Lupine variant: (threads, path, ordering).
using Variant = std::tuple<int, std::string, std::string>;

/// The best valid values of one solver on one matrix: the smallest per phase and the
/// fastest factorization.
struct Best {
  std::map<std::string, double> time;  // phase -> seconds
  double lu_nnz = not_measured;
  double gflops = not_measured;  // factor_flops / factor_s / 1e9
};

std::string setting_word(const std::string& word) {
  return word.empty() ? "auto" : word;
}

Variant variant_of(const Row& row) {
  return Variant(row.threads, setting_word(row.path), setting_word(row.ordering));
}

double phase_time(const Row& row, const std::string& phase) {
  if (phase == "analyze") return row.analyze_s;
  if (phase == "factor") return row.factor_s;
  if (phase == "refactor") return row.refactor_s;
  if (phase == "solve") return row.solve_s;
  return row.analyze_s + row.factor_s;  // analyze+factor
}

bool usable(double value) {
  return std::isfinite(value) && value > 0;
}

void keep_smaller(double& best, double value) {
  if (!usable(value)) return;
  if (!usable(best) || value < best) best = value;
}

void add_row(Best& best, const Row& row) {
  if (!row.ok()) return;
  for (const std::string& phase : summary_phases()) {
    auto at = best.time.emplace(phase, not_measured).first;
    keep_smaller(at->second, phase_time(row, phase));
  }
  if (row.lu_nnz > 0) keep_smaller(best.lu_nnz, static_cast<double>(row.lu_nnz));
  if (usable(row.factor_flops) && usable(row.factor_s)) {
    const double gflops = row.factor_flops / row.factor_s * 1e-9;
    if (!usable(best.gflops) || gflops > best.gflops) best.gflops = gflops;
  }
}

double value_of(const std::map<Key, Best>& table, const Key& key, const std::string& phase) {
  const auto at = table.find(key);
  if (at == table.end()) return not_measured;
  if (phase == "lu_nnz") return at->second.lu_nnz;
  const auto time = at->second.time.find(phase);
  return time == at->second.time.end() ? not_measured : time->second;
}

template <class T>
void append_unique(std::vector<T>& list, const T& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

RatioSummary ratio_summary(const std::vector<Key>& keys, const std::map<Key, Best>& lupine,
                           const std::map<Key, Best>& peer, const std::string& group,
                           const std::string& phase, const std::string& peer_name) {
  RatioSummary result;
  result.group = group;
  result.phase = phase;
  result.peer = peer_name;
  double log_sum = 0;
  result.worst_ratio = not_measured;
  for (const Key& key : keys) {
    const double mine = value_of(lupine, key, phase);
    const double theirs = value_of(peer, key, phase);
    if (!usable(mine) || !usable(theirs)) continue;
    const double ratio = mine / theirs;
    log_sum += std::log(ratio);
    ++result.matrices;
    if (!(ratio <= result.worst_ratio)) {
      result.worst_ratio = ratio;
      result.worst_matrix = key.second;
    }
  }
  result.geometric_mean = result.matrices > 0 ? std::exp(log_sum / result.matrices) : not_measured;
  return result;
}

SpeedSummary speed_summary(const std::vector<Key>& keys, const std::map<Key, Best>& table,
                           const std::string& group, const std::string& solver) {
  SpeedSummary result;
  result.group = group;
  result.solver = solver;
  result.max_gflops = not_measured;
  std::vector<double> speeds;
  for (const Key& key : keys) {  // already those of the group
    const auto at = table.find(key);
    if (at == table.end() || !usable(at->second.gflops)) continue;
    const double gflops = at->second.gflops;
    speeds.push_back(gflops);
    if (!(gflops <= result.max_gflops)) {
      result.max_gflops = gflops;
      result.max_matrix = key.second;
    }
  }
  result.matrices = static_cast<int>(speeds.size());
  result.median_gflops = median(speeds);
  return result;
}

std::string fixed(double value, const char* format = "%.3g") {
  if (!std::isfinite(value)) return "-";
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.resize(width, ' ');
  return text + ' ';
}

std::string ratio_cell(const RatioSummary* ratio) {
  if (ratio == nullptr || ratio->matrices == 0) return "-";
  return fixed(ratio->geometric_mean) + " [" + std::to_string(ratio->matrices) + "]";
}

void write_row_list_json(std::ostream& out, const std::vector<Row>& rows,
                         const std::string& inner) {
  out << "[";
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const Row& row = rows[k];
    out << (k == 0 ? "\n" : ",\n") << inner << "{\"matrix\": " << json_string(row.matrix)
        << ", \"group\": " << json_string(row.group) << ", \"solver\": " << json_string(row.solver)
        << ", \"threads\": " << row.threads << ", \"status\": " << json_string(row.status)
        << ", \"message\": " << json_string(row.message) << "}";
  }
  if (!rows.empty()) out << "\n" << inner.substr(2);
  out << "]";
}

void write_speed_json(std::ostream& out, const SpeedSummary& speed, double dgemm_gflops) {
  const bool lupine = speed.solver == lupine_name;
  out << "{\"group\": " << json_string(speed.group) << ", \"solver\": " << json_string(speed.solver)
      << ", \"matrices\": " << speed.matrices
      << ", \"median_gflops\": " << json_number(speed.median_gflops)
      << ", \"max_gflops\": " << json_number(speed.max_gflops)
      << ", \"max_matrix\": " << json_string(speed.max_matrix);
  if (lupine) {
    out << ", \"max_percent_of_dgemm\": "
        << json_number(usable(dgemm_gflops) ? 100 * speed.max_gflops / dgemm_gflops : not_measured);
  }
  out << "}";
}

void write_ratio_json(std::ostream& out, const RatioSummary& ratio) {
  out << "{\"group\": " << json_string(ratio.group) << ", \"phase\": " << json_string(ratio.phase)
      << ", \"peer\": " << json_string(ratio.peer) << ", \"matrices\": " << ratio.matrices
      << ", \"geometric_mean\": " << json_number(ratio.geometric_mean)
      << ", \"worst_ratio\": " << json_number(ratio.worst_ratio)
      << ", \"worst_matrix\": " << json_string(ratio.worst_matrix) << "}";
}

}  // namespace

std::string summary_group(const Row& row) {
  return row.complex() ? row.group + complex_suffix : row.group;
}

const std::vector<std::string>& summary_phases() {
  static const std::vector<std::string> phases{"analyze", "factor", "refactor", "solve",
                                               "analyze+factor"};
  return phases;
}

Summary summarize(const std::vector<Row>& rows, double dgemm_gflops) {
  Summary summary;
  summary.dgemm_gflops = dgemm_gflops;
  std::vector<std::string> peers;
  std::vector<std::string> groups;
  std::vector<Variant> variants;  // in order of appearance
  std::map<Variant, std::map<Key, Best>> lupine;
  std::map<std::string, std::map<Key, Best>> peer_tables;
  std::map<Variant, std::vector<Key>> lupine_keys;  // in order of appearance

  for (const Row& row : rows) {
    if (row.status == status::skipped) {
      summary.skipped.push_back(row);
    } else if (!row.ok()) {
      summary.failures.push_back(row);
    }
    append_unique(groups, summary_group(row));
    const Key key(summary_group(row), row.matrix);
    if (row.solver == lupine_name) {
      const Variant variant = variant_of(row);
      append_unique(variants, variant);
      append_unique(lupine_keys[variant], key);
      add_row(lupine[variant][key], row);
    } else {
      append_unique(peers, row.solver);
      add_row(peer_tables[row.solver][key], row);
    }
  }
  std::stable_sort(variants.begin(), variants.end(), [](const Variant& a, const Variant& b) {
    return std::get<0>(a) < std::get<0>(b);
  });
  groups.push_back(all_groups);
  groups.push_back(all_complex_groups);

  for (const Variant& variant : variants) {
    ThreadSummary part;
    part.threads = std::get<0>(variant);
    part.path = std::get<1>(variant);
    part.ordering = std::get<2>(variant);
    part.label = solver_label(lupine_name, part.path, part.ordering);
    part.peers = peers;
    const std::map<Key, Best>& mine = lupine[variant];
    for (const std::string& group : groups) {
      std::vector<Key> keys;
      for (const Key& key : lupine_keys[variant]) {
        if (in_group(key, group)) keys.push_back(key);
      }
      if (keys.empty()) continue;
      part.groups.push_back(group);
      for (const std::string& phase : summary_phases()) {
        for (const std::string& peer : peers) {
          part.time_ratios.push_back(
              ratio_summary(keys, mine, peer_tables[peer], group, phase, peer));
        }
        FastestSummary fastest;
        fastest.group = group;
        fastest.phase = phase;
        fastest.worst_ratio = not_measured;
        for (const Key& key : keys) {
          const double time = value_of(mine, key, phase);
          if (!usable(time)) continue;
          double best_peer = not_measured;
          for (const std::string& peer : peers) {
            const double theirs = value_of(peer_tables[peer], key, phase);
            if (!usable(theirs)) continue;
            keep_smaller(best_peer, theirs);
            if (!(time / theirs <= fastest.worst_ratio)) {
              fastest.worst_ratio = time / theirs;
              fastest.worst_peer = peer;
              fastest.worst_matrix = key.second;
            }
          }
          if (!usable(best_peer)) continue;
          ++fastest.compared;
          if (time < best_peer) ++fastest.fastest;
        }
        part.fastest.push_back(fastest);
      }
      for (const std::string& peer : peers) {
        part.lu_nnz_ratios.push_back(
            ratio_summary(keys, mine, peer_tables[peer], group, "lu_nnz", peer));
      }
      part.speeds.push_back(speed_summary(keys, mine, group, lupine_name));
      for (const std::string& peer : peers) {
        part.speeds.push_back(speed_summary(keys, peer_tables[peer], group, peer));
      }
    }
    summary.by_threads.push_back(std::move(part));
  }
  return summary;
}

const RatioSummary* find_ratio(const ThreadSummary& summary, const std::string& group,
                               const std::string& phase, const std::string& peer) {
  const std::vector<RatioSummary>& list =
      phase == "lu_nnz" ? summary.lu_nnz_ratios : summary.time_ratios;
  for (const RatioSummary& ratio : list) {
    if (ratio.group == group && ratio.phase == phase && ratio.peer == peer) return &ratio;
  }
  return nullptr;
}

const FastestSummary* find_fastest(const ThreadSummary& summary, const std::string& group,
                                   const std::string& phase) {
  for (const FastestSummary& fastest : summary.fastest) {
    if (fastest.group == group && fastest.phase == phase) return &fastest;
  }
  return nullptr;
}

const SpeedSummary* find_speed(const ThreadSummary& summary, const std::string& group,
                               const std::string& solver) {
  for (const SpeedSummary& speed : summary.speeds) {
    if (speed.group == group && speed.solver == solver) return &speed;
  }
  return nullptr;
}

std::string speed_line(const ThreadSummary& summary, const std::string& group,
                       double dgemm_gflops) {
  const SpeedSummary* speed = find_speed(summary, group, lupine_name);
  const std::string who = summary.label == lupine_name ? "Lupine" : summary.label;
  std::string line = group + ": " + who + " factor ";
  if (speed == nullptr || speed->matrices == 0) {
    return line + "GFLOP/s: no ok matrix with a flop count";
  }
  line += fixed(speed->median_gflops) + " GFLOP/s median, " + fixed(speed->max_gflops) + " max";
  if (usable(dgemm_gflops)) {
    const double percent = 100 * speed->max_gflops / dgemm_gflops;
    line += " (" + fixed(percent, percent >= 10 ? "%.0f" : "%.2g") + "% of DGEMM " +
            fixed(dgemm_gflops, "%.1f") + ")";
  }
  return line + " on " + speed->max_matrix + ", " + std::to_string(speed->matrices) +
         (speed->matrices == 1 ? " matrix" : " matrices");
}

std::string peer_speed_line(const ThreadSummary& summary, const std::string& group) {
  if (summary.peers.empty()) return "";
  std::string line = group + ": peers' factor GFLOP/s median / max:";
  for (std::size_t k = 0; k < summary.peers.size(); ++k) {
    const std::string& peer = summary.peers[k];
    const SpeedSummary* speed = find_speed(summary, group, peer);
    line += (k == 0 ? " " : ", ") + peer + " ";
    if (speed == nullptr || speed->matrices == 0) {
      line += "-";
    } else {
      line += fixed(speed->median_gflops) + " / " + fixed(speed->max_gflops) + " (" +
              speed->max_matrix + ")";
    }
  }
  return line;
}

void write_summary_text(std::ostream& destination, const Summary& summary) {
  // Cells are padded to their column; the padding at line ends is trimmed at the end.
  std::ostringstream out;
  constexpr std::size_t phase_width = 15, cell_width = 14, fastest_width = 8;
  // Wide enough for the longest group name ("circuit-sim/complex") and a space.
  std::size_t group_width = 12;
  for (const ThreadSummary& part : summary.by_threads) {
    for (const std::string& group : part.groups)
      group_width = std::max(group_width, group.size() + 1);
  }
  if (summary.by_threads.empty()) {
    out << "Summary: no ok Lupine rows to compare with the peers.\n";
  }
  for (const ThreadSummary& part : summary.by_threads) {
    const std::string who = part.label == lupine_name ? "Lupine" : part.label;
    // Speeds need no peer; they close every part.
    const auto write_speeds = [&] {
      out << "Factorization speed, factor_flops / factor_s over the ok matrices (each "
             "solver's own flop count):\n";
      for (const std::string& group : part.groups) {
        out << speed_line(part, group, summary.dgemm_gflops) << '\n';
        const std::string peers_line = peer_speed_line(part, group);
        if (!peers_line.empty()) out << peers_line << '\n';
      }
      out << '\n';
    };
    if (part.peers.empty()) {
      out << "Summary, " << who << " at " << part.threads
          << (part.threads == 1 ? " thread" : " threads") << ": no peer rows to compare with.\n\n";
      write_speeds();
      continue;
    }
    out << "Summary, " << who << " at " << part.threads
        << (part.threads == 1 ? " thread" : " threads")
        << ": time(Lupine) / time(peer), geometric mean over the matrices where both are ok\n"
        << "[matrices]; below 1 Lupine is faster. 'fastest': matrices where Lupine beats every "
           "peer.\n";
    out << pad("group", group_width) << pad("phase", phase_width);
    for (const std::string& peer : part.peers) out << pad("vs " + peer, cell_width);
    out << pad("fastest", fastest_width) << "worst ratio\n";
    for (const std::string& group : part.groups) {
      for (const std::string& phase : summary_phases()) {
        out << pad(group, group_width) << pad(phase, phase_width);
        for (const std::string& peer : part.peers) {
          out << pad(ratio_cell(find_ratio(part, group, phase, peer)), cell_width);
        }
        const FastestSummary* fastest = find_fastest(part, group, phase);
        std::string count = "-", worst = "-";
        if (fastest != nullptr && fastest->compared > 0) {
          count = std::to_string(fastest->fastest) + "/" + std::to_string(fastest->compared);
          worst = fixed(fastest->worst_ratio) + " (" + fastest->worst_peer + ", " +
                  fastest->worst_matrix + ")";
        }
        out << pad(count, fastest_width) << worst << '\n';
      }
    }
    out << "\nnnz(L+U) of Lupine / nnz(L+U) of peer, geometric mean [matrices]:\n"
        << pad("group", group_width);
    for (const std::string& peer : part.peers) out << pad("vs " + peer, cell_width);
    out << '\n';
    for (const std::string& group : part.groups) {
      out << pad(group, group_width);
      for (const std::string& peer : part.peers) {
        out << pad(ratio_cell(find_ratio(part, group, "lu_nnz", peer)), cell_width);
      }
      out << '\n';
    }
    out << '\n';
    write_speeds();
  }
  out << "Failures (" << summary.failures.size() << ")" << (summary.failures.empty() ? "" : ":")
      << '\n';
  // Rows that failed alike (a matrix that could not be read fails for every solver with one
  // message) share a line.
  for (std::size_t k = 0; k < summary.failures.size();) {
    const Row& row = summary.failures[k];
    out << "  " << row.matrix << " (" << summary_group(row) << "), ";
    std::size_t next = k;
    for (; next < summary.failures.size(); ++next) {
      const Row& other = summary.failures[next];
      if (other.matrix != row.matrix || other.group != row.group || other.field != row.field ||
          other.status != row.status || other.message != row.message) {
        break;
      }
      out << (next == k ? "" : ", ") << solver_label(other);
      if (other.solver == lupine_name) {
        out << " at " << other.threads << (other.threads == 1 ? " thread" : " threads");
      }
    }
    out << ": " << row.status;
    if (!row.message.empty()) out << ": " << row.message;
    out << '\n';
    k = next;
  }
  if (!summary.skipped.empty()) {
    std::set<std::string> names;
    for (const Row& row : summary.skipped) names.insert(row.matrix);
    out << "Skipped over --max-nnz (" << names.size() << "):";
    for (const std::string& name : names) out << ' ' << name;
    out << '\n';
  }
  std::istringstream lines(out.str());
  std::string line;
  while (std::getline(lines, line)) {
    line.erase(line.find_last_not_of(' ') + 1);
    destination << line << '\n';
  }
}

void write_summary_json(std::ostream& out, const Summary& summary, int indent) {
  const std::string pad1(static_cast<std::size_t>(indent) + 2, ' ');
  const std::string pad2 = pad1 + "  ";
  const std::string pad3 = pad2 + "  ";
  const std::string pad4 = pad3 + "  ";
  out << "{\n"
      << pad1 << "\"dgemm_gflops\": " << json_number(summary.dgemm_gflops) << ",\n"
      << pad1 << "\"comparisons\": [";
  for (std::size_t t = 0; t < summary.by_threads.size(); ++t) {
    const ThreadSummary& part = summary.by_threads[t];
    out << (t == 0 ? "\n" : ",\n") << pad2 << "{\n"
        << pad3 << "\"threads\": " << part.threads << ",\n"
        << pad3 << "\"path\": " << json_string(part.path) << ",\n"
        << pad3 << "\"ordering\": " << json_string(part.ordering) << ",\n"
        << pad3 << "\"label\": " << json_string(part.label) << ",\n"
        << pad3 << "\"time_ratios\": [";
    for (std::size_t k = 0; k < part.time_ratios.size(); ++k) {
      out << (k == 0 ? "\n" : ",\n") << pad4;
      write_ratio_json(out, part.time_ratios[k]);
    }
    out << "\n" << pad3 << "],\n" << pad3 << "\"fastest\": [";
    for (std::size_t k = 0; k < part.fastest.size(); ++k) {
      const FastestSummary& fastest = part.fastest[k];
      out << (k == 0 ? "\n" : ",\n") << pad4 << "{\"group\": " << json_string(fastest.group)
          << ", \"phase\": " << json_string(fastest.phase) << ", \"fastest\": " << fastest.fastest
          << ", \"compared\": " << fastest.compared
          << ", \"worst_ratio\": " << json_number(fastest.worst_ratio)
          << ", \"worst_peer\": " << json_string(fastest.worst_peer)
          << ", \"worst_matrix\": " << json_string(fastest.worst_matrix) << "}";
    }
    out << "\n" << pad3 << "],\n" << pad3 << "\"lu_nnz_ratios\": [";
    for (std::size_t k = 0; k < part.lu_nnz_ratios.size(); ++k) {
      out << (k == 0 ? "\n" : ",\n") << pad4;
      write_ratio_json(out, part.lu_nnz_ratios[k]);
    }
    out << "\n" << pad3 << "],\n" << pad3 << "\"speeds\": [";
    for (std::size_t k = 0; k < part.speeds.size(); ++k) {
      out << (k == 0 ? "\n" : ",\n") << pad4;
      write_speed_json(out, part.speeds[k], summary.dgemm_gflops);
    }
    out << "\n" << pad3 << "]\n" << pad2 << "}";
  }
  if (!summary.by_threads.empty()) out << "\n" << pad1;
  out << "],\n" << pad1 << "\"failures\": ";
  write_row_list_json(out, summary.failures, pad2);
  out << ",\n" << pad1 << "\"skipped\": ";
  write_row_list_json(out, summary.skipped, pad2);
  out << "\n" << std::string(static_cast<std::size_t>(indent), ' ') << "}";
}

}  // namespace lupine_bench
