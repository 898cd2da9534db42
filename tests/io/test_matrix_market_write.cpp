// Writing Matrix Market files and reading them back: every variant round-trips bit for bit,
// plain and gzip-compressed.
#include <catch2/catch.hpp>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "lupine/io.hpp"
#include "test_io_helpers.hpp"

using lupine::CscMatrix;
using lupine::MatrixMarketField;
using lupine::MatrixMarketHeader;
using lupine::MatrixMarketSymmetry;
using Complex = std::complex<double>;

namespace {

// Doubles that stress a writer: all magnitudes, subnormals, signed zero, values needing
// all 17 digits.
double awkward_value(std::mt19937_64& random) {
  switch (random() % 6) {
    case 0:
      return std::ldexp(static_cast<double>(random() >> 11),
                        static_cast<int>(random() % 2000) - 1100);
    case 1:
      return std::numeric_limits<double>::denorm_min() * static_cast<double>(random() % 1000 + 1);
    case 2:
      return -0.0;
    case 3:
      return 0.1 * static_cast<double>(random() % 100);
    case 4:
      return std::nextafter(1.0, 2.0) * (random() % 2 == 0 ? 1 : -1);
    default:
      return static_cast<double>(static_cast<std::int64_t>(random() % 2000000) - 1000000);
  }
}

template <class Scalar>
Scalar random_scalar(std::mt19937_64& random) {
  if constexpr (lupine::is_complex<Scalar>::value) {
    return Scalar(awkward_value(random), awkward_value(random));
  } else {
    return awkward_value(random);
  }
}

/// A random n x n matrix with the given symmetry (both triangles stored).
template <class Scalar, class Index>
CscMatrix<Scalar, Index> random_matrix(Index n, MatrixMarketSymmetry symmetry, unsigned seed) {
  std::mt19937_64 random(seed);
  lupine::TripletBuilder<Scalar, Index> builder(n, n);
  for (Index j = 0; j < n; ++j) {
    for (Index i = j; i < n; ++i) {
      if (random() % 3 != 0) continue;
      Scalar value = random_scalar<Scalar>(random);
      if (i == j) {
        if (symmetry == MatrixMarketSymmetry::skew_symmetric) continue;
        if constexpr (lupine::is_complex<Scalar>::value) {
          if (symmetry == MatrixMarketSymmetry::hermitian) value = Scalar(value.real(), 0);
        }
        builder.add(i, j, value);
        continue;
      }
      builder.add(i, j, value);
      Scalar mirror = random_scalar<Scalar>(random);
      if (symmetry == MatrixMarketSymmetry::symmetric) mirror = value;
      if (symmetry == MatrixMarketSymmetry::skew_symmetric) mirror = -value;
      if constexpr (lupine::is_complex<Scalar>::value) {
        if (symmetry == MatrixMarketSymmetry::hermitian) mirror = std::conj(value);
      }
      builder.add(j, i, mirror);
    }
  }
  return builder.build();
}

template <class Scalar, class Index>
void check_round_trip(MatrixMarketSymmetry symmetry, const std::string& name) {
  io_test::TempDir folder;
  const CscMatrix<Scalar, Index> a = random_matrix<Scalar, Index>(40, symmetry, 7);
  REQUIRE(a.nnz() > 100);
  for (const char* suffix : {".mtx", ".mtx.gz"}) {
    const std::string path = folder.file(name + suffix);
    lupine::write_matrix_market(path, a, symmetry, "written by the round-trip test\nline two");
    MatrixMarketHeader header;
    const CscMatrix<Scalar, Index> b = lupine::read_matrix_market<Scalar, Index>(path, &header);
    CHECK(header.symmetry == symmetry);
    CHECK(header.field == (lupine::is_complex<Scalar>::value ? MatrixMarketField::complex
                                                             : MatrixMarketField::real));
    CHECK(io_test::identical(a, b));
    CHECK(lupine::read_matrix_market_header(path).stored_entries == header.stored_entries);
  }
}

}  // namespace

TEST_CASE("coordinate round trips, plain and gzip", "[io][matrix-market][write]") {
  using Symmetry = MatrixMarketSymmetry;
  check_round_trip<double, std::int32_t>(Symmetry::general, "real-general");
  check_round_trip<double, std::int64_t>(Symmetry::symmetric, "real-symmetric");
  check_round_trip<double, std::int32_t>(Symmetry::skew_symmetric, "real-skew");
  check_round_trip<Complex, std::int32_t>(Symmetry::general, "complex-general");
  check_round_trip<Complex, std::int64_t>(Symmetry::symmetric, "complex-symmetric");
  check_round_trip<Complex, std::int32_t>(Symmetry::skew_symmetric, "complex-skew");
  check_round_trip<Complex, std::int32_t>(Symmetry::hermitian, "complex-hermitian");
}

TEST_CASE("symmetric files hold the lower triangle only", "[io][matrix-market][write]") {
  io_test::TempDir folder;
  const std::string path = folder.file("lower.mtx");
  const CscMatrix<double> a = lupine::parse_matrix_market<double>(
      "%%MatrixMarket matrix coordinate real symmetric\n3 3 3\n1 1 4\n3 1 -1\n3 3 2\n");
  lupine::write_matrix_market(path, a, MatrixMarketSymmetry::symmetric);
  CHECK(io_test::read_bytes(path) ==
        "%%MatrixMarket matrix coordinate real symmetric\n3 3 3\n1 1 4\n3 1 -1\n3 3 2\n");

  // Upper-triangle storage is written as its mirror, the lower triangle.
  lupine::TripletBuilder<double> upper(3, 3);
  upper.add(0, 2, 5);
  lupine::write_matrix_market(path, upper.build(), MatrixMarketSymmetry::skew_symmetric);
  CHECK(io_test::read_bytes(path) ==
        "%%MatrixMarket matrix coordinate real skew-symmetric\n3 3 1\n3 1 -5\n");
}

TEST_CASE("writing an asymmetric matrix as symmetric is refused", "[io][matrix-market][write]") {
  io_test::TempDir folder;
  const std::string path = folder.file("bad.mtx");
  lupine::TripletBuilder<double> builder(2, 2);
  builder.add(1, 0, 1.0);
  builder.add(0, 1, 2.0);
  const lupine::Error error = io_test::error_of(
      [&] { lupine::write_matrix_market(path, builder.build(), MatrixMarketSymmetry::symmetric); });
  CHECK(error.kind() == lupine::ErrorKind::invalid_argument);
  CHECK_THAT(error.what(), Catch::Contains("entry (1, 0) = 1 but entry (0, 1) = 2"));

  lupine::TripletBuilder<double> diagonal(2, 2);
  diagonal.add(0, 0, 3.0);
  diagonal.add(1, 0, 1.0);
  const lupine::Error skew = io_test::error_of([&] {
    lupine::write_matrix_market(path, diagonal.build(), MatrixMarketSymmetry::skew_symmetric);
  });
  CHECK_THAT(skew.what(), Catch::Contains("nonzero diagonal"));
  const lupine::Error hermitian = io_test::error_of([&] {
    lupine::write_matrix_market(path, diagonal.build(), MatrixMarketSymmetry::hermitian);
  });
  CHECK_THAT(hermitian.what(), Catch::Contains("hermitian for complex values only"));
}

TEST_CASE("pattern-only matrices are written as pattern", "[io][matrix-market][write]") {
  io_test::TempDir folder;
  const CscMatrix<double> pattern(3, 2, {0, 2, 3}, {0, 2, 1}, {});
  for (const std::string name : {"pattern.mtx", "pattern.mtx.gz"}) {
    const std::string path = folder.file(name);
    lupine::write_matrix_market(path, pattern);
    bool pattern_only = false;
    const CscMatrix<double> back = lupine::read_matrix<double>(path, &pattern_only);
    CHECK(pattern_only);
    CHECK(back.same_pattern(pattern));
    CHECK(back.values() == std::vector<double>{1, 1, 1});
  }
  const std::string path = folder.file("pattern-text.mtx");
  lupine::write_matrix_market(path, pattern);
  CHECK(io_test::read_bytes(path) ==
        "%%MatrixMarket matrix coordinate pattern general\n3 2 3\n1 1\n3 1\n2 2\n");
}

TEST_CASE("dense array round trips", "[io][matrix-market][write]") {
  io_test::TempDir folder;
  std::mt19937_64 random(3);
  lupine::DenseMatrix<double> b(17, 3);
  for (double& value : b.data) value = awkward_value(random);
  lupine::DenseMatrix<Complex> c(5, 2);
  for (Complex& value : c.data) value = random_scalar<Complex>(random);
  for (const std::string suffix : {".mtx", ".mtx.gz"}) {
    const std::string real_path = folder.file("b" + suffix);
    lupine::write_matrix_market_dense(real_path, b, "right-hand side");
    MatrixMarketHeader header;
    const lupine::DenseMatrix<double> back =
        lupine::read_matrix_market_dense<double>(real_path, &header);
    CHECK(header.format == lupine::MatrixMarketFormat::array);
    CHECK(back.rows == 17);
    CHECK(back.cols == 3);
    CHECK(std::memcmp(back.data.data(), b.data.data(), b.data.size() * sizeof(double)) == 0);

    const std::string complex_path = folder.file("c" + suffix);
    lupine::write_matrix_market_dense(complex_path, c);
    const lupine::DenseMatrix<Complex> complex_back =
        lupine::read_matrix_market_dense<Complex>(complex_path);
    CHECK(complex_back.data == c.data);
  }
}

TEST_CASE("gzip is recognised by its magic bytes, not the name", "[io][gzip]") {
  io_test::TempDir folder;
  const CscMatrix<double> a = random_matrix<double, int>(20, MatrixMarketSymmetry::general, 11);
  const std::string compressed = folder.file("a.mtx.gz");
  lupine::write_matrix_market(compressed, a);
  const std::string bytes = io_test::read_bytes(compressed);
  REQUIRE(bytes.size() > 20);
  CHECK(static_cast<unsigned char>(bytes[0]) == 0x1f);
  const std::string renamed = folder.file("a-compressed.mtx");
  io_test::write_bytes(renamed, bytes);
  CHECK(io_test::identical(lupine::read_matrix_market<double>(renamed), a));
  CHECK(io_test::identical(lupine::parse_matrix_market<double>(bytes), a));

  // Two gzip members one after the other (as `cat a.gz b.gz` makes) are one text, and
  // zero padding after the last member is tolerated as gzip(1) tolerates it.
  const std::string text_path = folder.file("a-plain.mtx");
  lupine::write_matrix_market(text_path, a);
  const std::string text = io_test::read_bytes(text_path);
  const std::size_t half = text.size() / 2;
  const std::string first = folder.file("first.gz");
  const std::string second = folder.file("second.gz");
  io_test::gzip_file(first, text.substr(0, half));
  io_test::gzip_file(second, text.substr(half));
  const std::string joined =
      io_test::read_bytes(first) + io_test::read_bytes(second) + std::string(7, '\0');
  CHECK(io_test::identical(lupine::parse_matrix_market<double>(joined), a));
  const lupine::Error garbage = io_test::error_of(
      [&] { lupine::parse_matrix_market<double>(io_test::read_bytes(first) + "junk", "joined"); });
  CHECK(garbage.kind() == lupine::ErrorKind::file_error);
  CHECK_THAT(garbage.what(), Catch::Contains("unexpected data after the end of the gzip stream"));
}

TEST_CASE("truncated and corrupt gzip files are file errors", "[io][gzip]") {
  io_test::TempDir folder;
  const CscMatrix<double> a = random_matrix<double, int>(60, MatrixMarketSymmetry::general, 5);
  const std::string path = folder.file("a.mtx.gz");
  lupine::write_matrix_market(path, a);
  const std::string bytes = io_test::read_bytes(path);

  const std::string truncated = folder.file("truncated.mtx.gz");
  io_test::write_bytes(truncated, bytes.substr(0, bytes.size() / 2));
  const lupine::Error cut =
      io_test::error_of([&] { lupine::read_matrix_market<double>(truncated); });
  CHECK(cut.kind() == lupine::ErrorKind::file_error);
  CHECK_THAT(cut.what(), Catch::Contains("truncated gzip data"));
  CHECK_THAT(cut.what(), Catch::Contains(truncated));

  std::string damaged = bytes;
  for (std::size_t k = damaged.size() / 3; k < damaged.size() / 3 + 16; ++k) damaged[k] ^= 0x5a;
  const std::string corrupt = folder.file("corrupt.mtx.gz");
  io_test::write_bytes(corrupt, damaged);
  const lupine::Error bad = io_test::error_of([&] { lupine::read_matrix_market<double>(corrupt); });
  CHECK(bad.kind() == lupine::ErrorKind::file_error);
  CHECK_THAT(bad.what(), Catch::Contains("corrupt gzip data"));

  const lupine::Error folder_error =
      io_test::error_of([] { lupine::read_matrix_market<double>("/tmp"); });
  CHECK(folder_error.kind() == lupine::ErrorKind::file_error);
  CHECK_THAT(folder_error.what(), Catch::Contains("cannot read '/tmp': it is a directory"));
  const lupine::Error create_error = io_test::error_of(
      [&] { lupine::write_matrix_market(folder.file("no-such-folder/a.mtx.gz"), a); });
  CHECK(create_error.kind() == lupine::ErrorKind::file_error);
  CHECK_THAT(create_error.what(), Catch::Contains("cannot create"));

  const lupine::Error missing =
      io_test::error_of([&] { lupine::read_matrix_market<double>(folder.file("missing.mtx")); });
  CHECK(missing.kind() == lupine::ErrorKind::file_error);
  CHECK_THAT(missing.what(), Catch::Contains("cannot open"));
}
