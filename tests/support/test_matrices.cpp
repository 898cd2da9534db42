#include "support/test_matrices.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace lupine_test {
namespace {

bool is_directory(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream stream(line);
  while (std::getline(stream, field, '\t')) fields.push_back(field);
  return fields;
}

}  // namespace

std::string shared_matrices_dir() {
  if (const char* env = std::getenv("LUPINE_SHARED_MATRICES")) {
    return is_directory(env) ? std::string(env) : std::string();
  }
  const std::string dir = LUPINE_SHARED_MATRICES_DIR;
  return is_directory(dir) ? dir : std::string();
}

std::string bundled_matrices_dir() {
  return LUPINE_BUNDLED_MATRICES_DIR;
}

std::vector<ManifestEntry> read_manifest(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open manifest " + path);
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = split_tabs(line);
  auto column = [&](const std::string& name) -> std::size_t {
    for (std::size_t k = 0; k < header.size(); ++k) {
      if (header[k] == name) return k;
    }
    throw std::runtime_error("manifest " + path + " has no column '" + name + "'");
  };
  const std::size_t group = column("group"), name = column("name"), file = column("file"),
                    rows = column("rows"), cols = column("cols"), nnz = column("nnz"),
                    symmetry = column("symmetry"), field = column("field"), kind = column("kind");
  std::vector<ManifestEntry> entries;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const std::vector<std::string> fields = split_tabs(line);
    if (fields.size() < header.size() - 3) {
      throw std::runtime_error("manifest " + path + ": short line '" + line + "'");
    }
    auto at = [&](std::size_t k) { return k < fields.size() ? fields[k] : std::string(); };
    ManifestEntry entry;
    entry.group = at(group);
    entry.name = at(name);
    entry.file = at(file);
    entry.rows = std::stoll(at(rows));
    entry.cols = std::stoll(at(cols));
    entry.nnz = std::stoll(at(nnz));
    entry.symmetry = at(symmetry);
    entry.field = at(field);
    entry.kind = at(kind);
    entries.push_back(entry);
  }
  return entries;
}

lupine::CscMatrix<double> two_block_matrix(int grid) {
  const int first = grid * grid;
  const int second = (grid + 3) * grid;
  lupine::TripletBuilder<double> builder(first + second, first + second);
  auto laplacian = [&](int offset, int nx, int ny) {
    for (int j = 0; j < ny; ++j) {
      for (int i = 0; i < nx; ++i) {
        const int v = offset + j * nx + i;
        builder.add(v, v, 4.0 + 0.01 * (v % 7));
        if (i > 0) builder.add(v, v - 1, -1.0);
        if (i + 1 < nx) builder.add(v, v + 1, -1.0 - 0.001 * (v % 5));
        if (j > 0) builder.add(v, v - nx, -1.0);
        if (j + 1 < ny) builder.add(v, v + nx, -1.0);
      }
    }
  };
  laplacian(0, grid, grid);
  laplacian(first, grid + 3, grid);
  for (int k = 0; k < grid; ++k) builder.add(k * grid, first + k, 0.5);  // G1's rows only
  return builder.build();
}

lupine::CscMatrix<double> supplied_circuit(int regular, int rails, double rail_diagonal,
                                           std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> value(0.5, 1.5);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  const int n = regular + rails;
  lupine::TripletBuilder<double> builder(n, n);
  for (int v = 0; v < regular; ++v) {
    const int next = (v + 1) % regular;
    const int chord = (v * 7 + 3) % regular;
    builder.add(v, v, 6.0 + value(random));
    builder.add(v, next, -value(random));
    builder.add(next, v, -value(random));
    if (chord != v && chord != next) {
      builder.add(v, chord, -0.5 * value(random));
      builder.add(chord, v, -0.5 * value(random));
    }
  }
  for (int r = 0; r < rails; ++r) {
    const int rail = regular + r;
    double coupled = 0;
    for (int v = 0; v < regular; ++v) {
      if (coin(random) >= 0.7) continue;
      builder.add(rail, v, 0.1 * value(random));
      builder.add(v, rail, -0.1 * value(random));
      coupled += 0.1;
    }
    builder.add(rail, rail, rail_diagonal * (coupled + value(random)));
  }
  return builder.build();
}

lupine::CscMatrix<double> banded_random(int n, int bandwidth, double density, double dominance,
                                        std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> value(-1.0, 1.0);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  std::uniform_int_distribution<int> row(0, n - 1);
  lupine::TripletBuilder<double> builder(n, n);
  for (int j = 0; j < n; ++j) {
    double column_sum = 0;
    auto add = [&](int i) {
      const double a = value(random);
      builder.add(i, j, a);
      column_sum += std::abs(a);
    };
    for (int i = std::max(0, j - bandwidth); i <= std::min(n - 1, j + bandwidth); ++i) {
      if (i != j && coin(random) < density) add(i);
    }
    if (j % 10 == 0) {
      const int far = row(random);
      if (std::abs(far - j) > bandwidth) add(far);
    }
    builder.add(j, j, dominance > 0 ? dominance * column_sum + 1 : value(random));
  }
  return builder.build();
}

}  // namespace lupine_test
