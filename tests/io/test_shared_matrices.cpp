// Every matrix of the shared collection (when present) reads with the size, stored count and
// symmetry its manifest gives; every right-hand side reads as a dense matrix of the right size.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <complex>
#include <cstdint>
#include <string>

#include "lupine/io.hpp"
#include "support/test_matrices.hpp"

namespace {

bool file_exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

/// The expanded CSC holds each stored off-diagonal entry twice (symmetric kinds) and each
/// diagonal entry once; a general file has no duplicates in this collection.
template <class Scalar>
void check_matrix(const std::string& path, const lupine_test::ManifestEntry& entry) {
  const lupine::CscMatrix<Scalar> a = lupine::read_matrix_market<Scalar>(path);
  CHECK(a.rows() == entry.rows);
  CHECK(a.cols() == entry.cols);
  std::int64_t diagonal = 0;
  for (std::int32_t j = 0; j < a.cols(); ++j) diagonal += a.find(j, j) >= 0;
  if (entry.symmetry == "general") {
    CHECK(a.nnz() == entry.nnz);
  } else {
    CHECK(a.nnz() == 2 * entry.nnz - diagonal);
    CHECK(lupine::pattern_symmetry(a) == 1.0);
  }
  if (entry.symmetry == "skew-symmetric") CHECK(diagonal == 0);

  const std::string suffix = ".mtx.gz";
  REQUIRE(path.size() > suffix.size());
  const std::string rhs = path.substr(0, path.size() - suffix.size()) + "_b" + suffix;
  if (file_exists(rhs)) {
    INFO("right-hand side " << rhs);
    lupine::MatrixMarketHeader header;
    const lupine::DenseMatrix<Scalar> b = lupine::read_matrix_market_dense<Scalar>(rhs, &header);
    CHECK(header.format == lupine::MatrixMarketFormat::array);
    CHECK(b.rows == entry.rows);
    CHECK(b.cols >= 1);
    CHECK(b.data.size() == static_cast<std::size_t>(b.rows * b.cols));
  }
}

}  // namespace

TEST_CASE("every shared matrix matches its manifest", "[io][shared]") {
  const std::string folder = lupine_test::shared_matrices_dir();
  if (folder.empty() || !file_exists(folder + "/MANIFEST.tsv")) {
    WARN("shared matrices not found (../shared/matrices or $LUPINE_SHARED_MATRICES): skipped");
    return;
  }
  const auto entries = lupine_test::read_manifest(folder + "/MANIFEST.tsv");
  REQUIRE(!entries.empty());
  for (const lupine_test::ManifestEntry& entry : entries) {
    const std::string path = folder + "/" + entry.file;
    INFO("matrix " << path);
    const lupine::MatrixMarketHeader header = lupine::read_matrix_market_header(path);
    CHECK(header.rows == entry.rows);
    CHECK(header.cols == entry.cols);
    CHECK(header.stored_entries == entry.nnz);
    CHECK(lupine::to_string(header.symmetry) == entry.symmetry);
    CHECK(lupine::to_string(header.field) == entry.field);
    if (header.field == lupine::MatrixMarketField::complex) {
      check_matrix<std::complex<double>>(path, entry);
      const lupine::Error error = [&] {
        try {
          lupine::read_matrix_market<double>(path);
        } catch (const lupine::Error& caught) {
          return caught;
        }
        return lupine::Error(lupine::ErrorKind::internal, "no error");
      }();
      CHECK(error.kind() == lupine::ErrorKind::unsupported);
    } else {
      check_matrix<double>(path, entry);
    }
  }
}
