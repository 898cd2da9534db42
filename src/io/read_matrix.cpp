// One entry point for every supported file type, chosen by the file name.
#include <algorithm>
#include <cctype>
#include <complex>
#include <cstdint>
#include <cstring>
#include <string>

#include "core/allocation.hpp"
#include "io/text_file.hpp"
#include "io/text_readers.hpp"
#include "lupine/io.hpp"

namespace lupine {
namespace {

enum class FileType { matrix_market, rutherford_boeing, unknown };

FileType type_from_name(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') + 1);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (io_detail::ends_with(name, ".gz")) name.resize(name.size() - 3);
  const std::size_t dot = name.find_last_of('.');
  if (dot == std::string::npos) return FileType::unknown;
  const std::string extension = name.substr(dot + 1);
  if (extension == "mtx" || extension == "mm") return FileType::matrix_market;
  static const char* const rutherford_boeing[] = {"rb",  "hb",  "rua", "rsa", "rza", "rra",
                                                  "pua", "psa", "pza", "pra", "cua", "csa",
                                                  "cza", "cha", "iua", "isa"};
  for (const char* known : rutherford_boeing) {
    if (extension == known) return FileType::rutherford_boeing;
  }
  return FileType::unknown;
}

bool has_matrix_market_banner(const char* text, std::size_t size) {
  static const char banner[] = "%%MatrixMarket";
  const std::size_t length = sizeof banner - 1;
  if (size < length) return false;
  for (std::size_t k = 0; k < length; ++k) {
    if (std::tolower(static_cast<unsigned char>(text[k])) !=
        std::tolower(static_cast<unsigned char>(banner[k]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

template <class Scalar, class Index>
CscMatrix<Scalar, Index> read_matrix(const std::string& path, const ReadOptions& options,
                                     bool* pattern_only) {
  return detail::converting_allocation_failure_in(
      [&] { return "reading '" + path + "'"; },
      [&] {
        FileType type = type_from_name(path);
        io_detail::LineWindow window = io_detail::LineWindow::open_file(path);
        if (type == FileType::unknown) {
          const char* first = window.begin();
          const bool has_text = window.refill(first);
          if (!has_text ||
              !has_matrix_market_banner(first, static_cast<std::size_t>(window.end() - first))) {
            throw Error(ErrorKind::unsupported,
                        "cannot tell the format of '" + path +
                            "': expected a name ending in .mtx (Matrix Market) or .rb, .hb, .rua, "
                            ".rsa, ... (Rutherford-Boeing), optionally followed by .gz, or a file "
                            "starting with the %%MatrixMarket banner");
          }
          type = FileType::matrix_market;
        }
        if (type == FileType::rutherford_boeing) {
          return io_detail::parse_rutherford_boeing_text<Scalar, Index>(window, options,
                                                                        pattern_only);
        }
        MatrixMarketHeader header;
        CscMatrix<Scalar, Index> matrix =
            io_detail::parse_matrix_market_text<Scalar, Index>(window, options, &header);
        if (pattern_only != nullptr) *pattern_only = header.field == MatrixMarketField::pattern;
        return matrix;
      });
}

template <class Scalar, class Index>
CscMatrix<Scalar, Index> read_matrix(const std::string& path, bool* pattern_only) {
  return read_matrix<Scalar, Index>(path, ReadOptions(), pattern_only);
}

#define LUPINE_INSTANTIATE_READ_MATRIX(Scalar, Index)                                      \
  template CscMatrix<Scalar, Index> read_matrix<Scalar, Index>(const std::string&, bool*); \
  template CscMatrix<Scalar, Index> read_matrix<Scalar, Index>(const std::string&,         \
                                                               const ReadOptions&, bool*);

LUPINE_INSTANTIATE_READ_MATRIX(double, std::int32_t)
LUPINE_INSTANTIATE_READ_MATRIX(double, std::int64_t)
LUPINE_INSTANTIATE_READ_MATRIX(std::complex<double>, std::int32_t)
LUPINE_INSTANTIATE_READ_MATRIX(std::complex<double>, std::int64_t)

}  // namespace lupine
