#include "discovery.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include "options.hpp"

namespace lupine_bench {
namespace {

namespace fs = std::filesystem;

const char* const matrix_extensions[] = {".mtx.gz", ".mtx", ".rb",  ".rua", ".rsa",
                                         ".pua",    ".psa", ".cua", ".csa", ".cha"};

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string file_name(const std::string& path) {
  return fs::path(path).filename().string();
}

/// Splits "<base>_seqNN" into base and NN; false for other names.
bool split_sequence_name(const std::string& name, std::string& base, int& position) {
  const std::size_t mark = name.rfind("_seq");
  if (mark == std::string::npos || mark == 0) return false;
  const std::string digits = name.substr(mark + 4);
  if (digits.empty() || digits.size() > 6 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  base = name.substr(0, mark);
  position = std::stoi(digits);
  return true;
}

struct Found {
  std::string path;
  std::string group;
};

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream stream(line);
  while (std::getline(stream, field, '\t')) {
    if (!field.empty() && field.back() == '\r') field.pop_back();
    fields.push_back(field);
  }
  return fields;
}

void read_manifest(const fs::path& manifest, std::vector<Found>& found) {
  std::ifstream in(manifest);
  if (!in) throw UsageError("cannot read manifest " + manifest.string());
  std::string line;
  if (!std::getline(in, line)) throw UsageError("manifest " + manifest.string() + " is empty");
  const std::vector<std::string> header = split_tabs(line);
  const auto column = [&](const char* name) -> long {
    const auto at = std::find(header.begin(), header.end(), name);
    return at == header.end() ? -1 : static_cast<long>(at - header.begin());
  };
  const long file_column = column("file");
  const long group_column = column("group");
  if (file_column < 0) {
    throw UsageError("manifest " + manifest.string() + " has no 'file' column in its header");
  }
  long line_number = 1;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> fields = split_tabs(line);
    if (static_cast<long>(fields.size()) <= file_column || fields[file_column].empty()) {
      throw UsageError("manifest " + manifest.string() + " line " + std::to_string(line_number) +
                       ": no file name in column " + std::to_string(file_column + 1));
    }
    const fs::path file = manifest.parent_path() / fields[file_column];
    std::string group;
    if (group_column >= 0 && static_cast<long>(fields.size()) > group_column) {
      group = fields[group_column];
    }
    if (group.empty()) group = file.parent_path().filename().string();
    // A manifest entry that is missing on disk is a row with status file_error, not an
    // error of the command line: the rest of the suite still runs.
    found.push_back({file.lexically_normal().string(), group});
  }
}

void scan_directory(const fs::path& directory, std::vector<Found>& found) {
  std::vector<std::string> paths;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(
           directory, fs::directory_options::follow_directory_symlink)) {
    if (!entry.is_regular_file()) continue;
    const std::string path = entry.path().lexically_normal().string();
    if (is_matrix_file(path)) paths.push_back(path);
  }
  std::sort(paths.begin(), paths.end());
  for (const std::string& path : paths) {
    found.push_back({path, fs::path(path).parent_path().filename().string()});
  }
}

bool is_manifest(const fs::path& path) {
  return ends_with(path.filename().string(), ".tsv");
}

}  // namespace

bool is_right_hand_side_file(const std::string& path) {
  const std::string name = file_name(path);
  return ends_with(name, "_b.mtx") || ends_with(name, "_b.mtx.gz");
}

bool is_matrix_file(const std::string& path) {
  if (is_right_hand_side_file(path)) return false;
  const std::string name = file_name(path);
  for (const char* extension : matrix_extensions) {
    if (ends_with(name, extension) && name.size() > std::char_traits<char>::length(extension)) {
      return true;
    }
  }
  return false;
}

std::string matrix_name(const std::string& path) {
  const std::string name = file_name(path);
  for (const char* extension : matrix_extensions) {
    if (ends_with(name, extension)) {
      return name.substr(0, name.size() - std::char_traits<char>::length(extension));
    }
  }
  return name;
}

std::string right_hand_side_path(const std::string& matrix_path) {
  const fs::path folder = fs::path(matrix_path).parent_path();
  const std::string stem = matrix_name(matrix_path);
  for (const char* extension : {"_b.mtx.gz", "_b.mtx"}) {
    const fs::path candidate = folder / (stem + extension);
    std::error_code ignored;
    if (fs::is_regular_file(candidate, ignored)) return candidate.string();
  }
  return {};
}

std::string matrix_of_right_hand_side(const std::string& rhs_path) {
  if (!is_right_hand_side_file(rhs_path)) return {};
  const fs::path folder = fs::path(rhs_path).parent_path();
  const std::string name = file_name(rhs_path);
  const std::string stem = name.substr(0, name.rfind("_b.mtx"));
  for (const char* extension : matrix_extensions) {
    const fs::path candidate = folder / (stem + extension);
    std::error_code ignored;
    if (fs::is_regular_file(candidate, ignored)) return candidate.string();
  }
  return {};
}

std::vector<MatrixInput> discover_matrices(const std::vector<std::string>& inputs) {
  std::vector<Found> found;
  for (const std::string& input : inputs) {
    const fs::path path(input);
    std::error_code error;
    const fs::file_status state = fs::status(path, error);
    if (error || !fs::exists(state)) throw UsageError("input '" + input + "' does not exist");
    if (fs::is_directory(state)) {
      scan_directory(path, found);
    } else if (is_manifest(path)) {
      read_manifest(path, found);
    } else if (is_matrix_file(input)) {
      found.push_back({path.lexically_normal().string(), path.parent_path().filename().string()});
    } else if (is_right_hand_side_file(input)) {
      // A shell glob such as dir/name_seq0* brings the right-hand sides along; they are
      // found beside their matrices anyway. One without its matrix is a mistake.
      if (!matrix_of_right_hand_side(input).empty()) continue;
      throw UsageError("input '" + input +
                       "' is a right-hand side (<name>_b) whose matrix <name> is not beside it; "
                       "give a matrix instead");
    } else {
      throw UsageError("input '" + input +
                       "' is not a matrix file (.mtx, .mtx.gz, .rb, .rua, .rsa, .pua, .psa, .cua, "
                       ".csa, .cha), a directory or a MANIFEST.tsv");
    }
  }

  std::vector<MatrixInput> matrices;
  std::set<std::string> seen_files;
  // Sequences are keyed by folder and base name; members are kept sorted by position.
  std::map<std::pair<std::string, std::string>, std::size_t> sequences;
  std::map<std::size_t, std::vector<std::pair<int, std::string>>> members;
  for (const Found& item : found) {
    if (!seen_files.insert(item.path).second) continue;
    const std::string name = matrix_name(item.path);
    std::string base;
    int position = 0;
    if (split_sequence_name(name, base, position)) {
      const auto key = std::make_pair(fs::path(item.path).parent_path().string(), base);
      auto at = sequences.find(key);
      if (at == sequences.end()) {
        at = sequences.emplace(key, matrices.size()).first;
        matrices.push_back({base, item.group, {}});
      }
      members[at->second].emplace_back(position, item.path);
      continue;
    }
    matrices.push_back({name, item.group, {item.path}});
  }
  for (auto& [index, list] : members) {
    std::sort(list.begin(), list.end());
    for (const auto& member : list) matrices[index].files.push_back(member.second);
  }
  return matrices;
}

}  // namespace lupine_bench
