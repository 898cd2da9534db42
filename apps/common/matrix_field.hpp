// Whether a matrix file holds complex values, told from its header before the file is read,
// so that an app can pick the scalar type to read it with.
#pragma once

#include <zlib.h>

#include <cctype>
#include <string>

#include "lupine/io.hpp"

namespace lupine_apps {

/// True for a Matrix Market file whose banner names the field 'complex' and for a
/// Rutherford-Boeing / Harwell-Boeing file whose type (line 3) starts with C; gzip-compressed
/// files are decompressed only that far. False for anything else, unreadable files included:
/// reading the file as real then gives the reader's own error. A malformed Matrix Market
/// header throws the reader's parse_error.
inline bool is_complex_matrix_file(const std::string& path) {
  // gzopen reads an uncompressed file as it is.
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return false;
  std::string lines[3];
  char buffer[256];
  int count = 0;
  for (; count < 3; ++count) {
    if (gzgets(file, buffer, sizeof buffer) == nullptr) break;
    lines[count] = buffer;
    // The rest of a longer line is skipped: only its first characters are looked at.
    while (!lines[count].empty() && lines[count].back() != '\n' &&
           gzgets(file, buffer, sizeof buffer) != nullptr) {
      if (std::string(buffer).find('\n') != std::string::npos) break;
    }
  }
  gzclose(file);
  if (count == 0) return false;
  static const std::string banner = "%%matrixmarket";
  std::string start = lines[0].substr(0, banner.size());
  for (char& c : start) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (start == banner) {
    return lupine::read_matrix_market_header(path).field == lupine::MatrixMarketField::complex;
  }
  // Rutherford-Boeing: title, card counts, then the type line "CUA", "RSA", ... in column 1.
  return count == 3 && !lines[2].empty() &&
         std::toupper(static_cast<unsigned char>(lines[2][0])) == 'C';
}

}  // namespace lupine_apps
