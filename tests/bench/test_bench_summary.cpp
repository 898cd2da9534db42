#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "backward_error.hpp"
#include "bench_process.hpp"
#include "discovery.hpp"
#include "lupine/error.hpp"
#include "lupine/sparse.hpp"
#include "measure.hpp"
#include "options.hpp"
#include "output.hpp"
#include "problem.hpp"
#include "runner.hpp"
#include "summary.hpp"

using lupine_bench::Row;

namespace {

// Lupine at 2 threads (and, for matrix a, at 1 thread) against KLU and UMFPACK.
// klu has two rows for a: the summary must use the faster one (factor 1, not 4).
const char* const fixed_csv =
    "matrix,group,n,nnz,solver,threads,status,analyze_s,factor_s,refactor_s,solve_s,lu_nnz,"
    "factor_flops,backward_error,peak_rss_bytes\n"
    "a,circuit,10,30,lupine,2,ok,1,2,0.5,0.1,100,1000,1e-16,1000\n"
    "a,circuit,10,30,klu,1,ok,2,1,1,0.1,50,500,1e-16,1000\n"
    "a,circuit,10,30,klu,1,ok,2,4,1,0.1,50,500,1e-16,1000\n"
    "a,circuit,10,30,umfpack,1,ok,4,4,4,0.4,200,800,2e-16,1000\n"
    "b,circuit,20,60,lupine,2,ok,1,8,1,0.2,400,1000,1e-16,1000\n"
    "b,circuit,20,60,klu,1,ok,8,2,4,0.1,100,500,1e-16,1000\n"
    "b,circuit,20,60,umfpack,1,numerically_singular,,,,,,,,1000\n"
    "c,fem,30,90,lupine,2,ok,3,3,3,3,900,1000,1e-16,1000\n"
    "c,fem,30,90,klu,1,timeout,,,,,,,,2000\n"
    "c,fem,30,90,umfpack,1,ok,1,1,1,1,300,800,1e-16,1000\n"
    "d,fem,40,100,lupine,2,structurally_singular,,,,,,,,1000\n"
    "d,fem,40,100,klu,1,ok,1,1,1,1,100,10,1e-16,1000\n"
    "e,fem,5,5,lupine,2,skipped,,,,,,,,\n"
    "a,circuit,10,30,lupine,1,ok,4,4,4,0.4,100,1000,1e-16,1000\n";

const char* const new_header =
    "matrix,group,n,nnz,solver,threads,status,analyze_s,factor_s,refactor_s,solve_s,lu_nnz,"
    "factor_flops,backward_error,peak_rss_bytes,path,ordering,delayed_pivots,supernodal_blocks\n";

// The current format: Lupine at its defaults and at path=column, against KLU and UMFPACK.
// GFLOP/s = factor_flops / factor_s / 1e9, per matrix with the fastest row:
//   Lupine (auto): m1 max(2e9/1, 2e9/0.25) = 8, m2 6e9/0.5 = 12, m3 3e9/0.5 = 6,
//                  c1 1e8/0.1 = 1; m4 failed and m5 has no flop count, so neither counts.
//   klu: m1 1e9/1 = 1, m2 4e9/2 = 2; umfpack: m3 3e9/1 = 3.
//   Lupine (column): m1 2e9/0.1 = 20.
const char* const speed_rows =
    "m1,fem,10,30,lupine,1,ok,1,1,1,1,100,2e9,1e-16,1000,auto,auto,0,1\n"
    "m1,fem,10,30,lupine,1,ok,1,0.25,1,1,100,2e9,1e-16,1000,auto,auto,0,1\n"
    "m1,fem,10,30,klu,1,ok,1,1,1,1,100,1e9,1e-16,1000,,,,\n"
    "m2,fem,10,30,lupine,1,ok,1,0.5,1,1,100,6e9,1e-16,1000,auto,auto,3,1\n"
    "m2,fem,10,30,klu,1,ok,1,2,1,1,100,4e9,1e-16,1000,,,,\n"
    "m3,fem,10,30,lupine,1,ok,1,0.5,1,1,100,3e9,1e-16,1000,auto,auto,0,1\n"
    "m3,fem,10,30,umfpack,1,ok,1,1,1,1,100,3e9,1e-16,1000,,,,\n"
    "m4,fem,10,30,lupine,1,numerically_singular,,,,,,,,1000,auto,auto,,\n"
    "m5,fem,10,30,lupine,1,ok,1,1,1,1,100,,1e-16,1000,auto,auto,,\n"
    "c1,circuit,10,30,lupine,1,ok,1,0.1,1,1,100,1e8,1e-16,1000,auto,auto,0,0\n"
    "m1,fem,10,30,lupine,1,ok,1,0.1,1,1,100,2e9,1e-16,1000,column,auto,0,0\n"
    "m1,fem,10,30,lupine,1,numerically_singular,,,,,,,,1000,column,nd,,\n";

double ratio_of(const lupine_bench::ThreadSummary& part, const std::string& group,
                const std::string& phase, const std::string& peer, int* matrices = nullptr) {
  const lupine_bench::RatioSummary* ratio = lupine_bench::find_ratio(part, group, phase, peer);
  REQUIRE(ratio != nullptr);
  if (matrices != nullptr) *matrices = ratio->matrices;
  return ratio->geometric_mean;
}

}  // namespace

TEST_CASE("summary geometric means match a hand computation", "[bench]") {
  const std::vector<Row> rows = lupine_bench::parse_csv(fixed_csv, "fixed.csv");
  REQUIRE(rows.size() == 14);
  // The file has the older 15 columns: Lupine ran at its defaults, the rest is unknown.
  CHECK(rows[0].path == "auto");
  CHECK(rows[0].ordering == "auto");
  CHECK(rows[0].delayed_pivots == -1);
  CHECK(rows[0].supernodal_blocks == -1);
  CHECK(rows[1].path.empty());
  CHECK(rows[1].ordering.empty());
  const lupine_bench::Summary summary = lupine_bench::summarize(rows);
  REQUIRE(summary.by_threads.size() == 2);
  CHECK(summary.by_threads[0].threads == 1);
  const lupine_bench::ThreadSummary& part = summary.by_threads[1];
  CHECK(part.threads == 2);
  CHECK(part.path == "auto");
  CHECK(part.ordering == "auto");
  CHECK(part.label == "lupine");
  CHECK(part.peers == std::vector<std::string>{"klu", "umfpack"});
  CHECK(part.groups == std::vector<std::string>{"circuit", "fem", "all"});

  int count = 0;
  // factor vs klu on circuit: a 2/1, b 8/2 -> sqrt(2 * 4)
  CHECK(ratio_of(part, "circuit", "factor", "klu", &count) == Approx(std::sqrt(8.0)));
  CHECK(count == 2);
  // analyze vs klu: 1/2 and 1/8 -> sqrt(1/16)
  CHECK(ratio_of(part, "circuit", "analyze", "klu") == Approx(0.25));
  // analyze+factor vs klu: 3/3 and 9/10
  CHECK(ratio_of(part, "circuit", "analyze+factor", "klu") == Approx(std::sqrt(0.9)));
  // refactor vs klu: 0.5/1 and 1/4; solve vs klu: 0.1/0.1 and 0.2/0.1
  CHECK(ratio_of(part, "circuit", "refactor", "klu") == Approx(std::sqrt(0.125)));
  CHECK(ratio_of(part, "circuit", "solve", "klu") == Approx(std::sqrt(2.0)));
  // umfpack failed on b: only a counts, 2/4
  CHECK(ratio_of(part, "circuit", "factor", "umfpack", &count) == Approx(0.5));
  CHECK(count == 1);
  // fem: klu timed out on c and Lupine failed on d, so no klu comparison; umfpack 3/1
  CHECK(ratio_of(part, "fem", "factor", "klu", &count) != ratio_of(part, "fem", "factor", "klu"));
  CHECK(count == 0);
  CHECK(ratio_of(part, "fem", "factor", "umfpack") == Approx(3.0));
  // all groups: umfpack on a (0.5) and c (3)
  CHECK(ratio_of(part, "all", "factor", "umfpack", &count) == Approx(std::sqrt(1.5)));
  CHECK(count == 2);
  CHECK(ratio_of(part, "all", "factor", "klu") == Approx(std::sqrt(8.0)));
  // nnz(L+U): 100/50 and 400/100 against klu; 100/200 against umfpack
  CHECK(ratio_of(part, "circuit", "lu_nnz", "klu") == Approx(std::sqrt(8.0)));
  CHECK(ratio_of(part, "circuit", "lu_nnz", "umfpack") == Approx(0.5));

  const lupine_bench::RatioSummary* worst =
      lupine_bench::find_ratio(part, "circuit", "factor", "klu");
  CHECK(worst->worst_ratio == Approx(4.0));
  CHECK(worst->worst_matrix == "b");

  // Lupine beats every peer on analyze for a (1 < 2, 4) and b (1 < 8), on factor nowhere.
  const lupine_bench::FastestSummary* analyze =
      lupine_bench::find_fastest(part, "circuit", "analyze");
  REQUIRE(analyze != nullptr);
  CHECK(analyze->fastest == 2);
  CHECK(analyze->compared == 2);
  const lupine_bench::FastestSummary* factor = lupine_bench::find_fastest(part, "all", "factor");
  REQUIRE(factor != nullptr);
  CHECK(factor->fastest == 0);
  CHECK(factor->compared == 3);
  CHECK(factor->worst_ratio == Approx(4.0));
  CHECK(factor->worst_peer == "klu");
  CHECK(factor->worst_matrix == "b");

  // The 1-thread part compares only matrix a: 4/1 against klu.
  CHECK(ratio_of(summary.by_threads[0], "all", "factor", "klu") == Approx(4.0));

  REQUIRE(summary.failures.size() == 3);
  CHECK(summary.failures[0].matrix == "b");
  CHECK(summary.failures[0].solver == "umfpack");
  CHECK(summary.failures[1].status == "timeout");
  CHECK(summary.failures[2].status == "structurally_singular");
  REQUIRE(summary.skipped.size() == 1);
  CHECK(summary.skipped[0].matrix == "e");

  std::ostringstream text;
  lupine_bench::write_summary_text(text, summary);
  CHECK(text.str().find("Summary, Lupine at 2 threads") != std::string::npos);
  CHECK(text.str().find("Failures (3):") != std::string::npos);
  // Default settings: no variant name anywhere, and no DGEMM figure to compare with.
  CHECK(text.str().find("lupine[") == std::string::npos);
  // a: 1000 flops in 2 s, b: 1000 in 8 s.
  CHECK(text.str().find("circuit: Lupine factor 3.13e-07 GFLOP/s median, 5e-07 max on a, 2 "
                        "matrices") != std::string::npos);
  CHECK(text.str().find("c (fem), klu: timeout") != std::string::npos);
}

TEST_CASE("the bench summarizes a results CSV given with --summarize", "[bench]") {
  const bench_test::TemporaryFolder folder;
  const std::string csv = folder.write("results.csv", fixed_csv);
  const bench_test::Outcome outcome = bench_test::run_bench("--summarize '" + csv + "'");
  CHECK(outcome.exit_code == 0);
  CHECK(outcome.out.find("Summary, Lupine at 1 thread:") != std::string::npos);
  CHECK(outcome.out.find("2.83 [2]") != std::string::npos);  // circuit factor vs klu
  const bench_test::Outcome broken =
      bench_test::run_bench("--summarize '" + folder.write("bad.csv", "matrix,group\n") + "'");
  CHECK(broken.exit_code == 1);
  CHECK(broken.err.find("bad.csv line 1") != std::string::npos);
}

TEST_CASE("Lupine variants are summarized apart, with their factorization speed", "[bench]") {
  const std::vector<Row> rows =
      lupine_bench::parse_csv(std::string(new_header) + speed_rows, "speed.csv");
  REQUIRE(rows.size() == 12);
  CHECK(rows[3].delayed_pivots == 3);
  CHECK(rows[3].supernodal_blocks == 1);
  CHECK(rows[2].delayed_pivots == -1);
  CHECK(rows[10].path == "column");
  const lupine_bench::Summary summary = lupine_bench::summarize(rows, 48.0);
  // One thread count, three (path, ordering) settings, in order of appearance.
  REQUIRE(summary.by_threads.size() == 3);
  const lupine_bench::ThreadSummary& defaults = summary.by_threads[0];
  const lupine_bench::ThreadSummary& column = summary.by_threads[1];
  CHECK(defaults.label == "lupine");
  CHECK(column.label == "lupine[path=column]");
  CHECK(column.path == "column");
  CHECK(summary.by_threads[2].label == "lupine[path=column,ordering=nd]");

  // factor vs klu on fem: defaults m1 0.25/1 and m2 0.5/2; column m1 0.1/1 alone.
  int count = 0;
  CHECK(ratio_of(defaults, "fem", "factor", "klu", &count) == Approx(0.25));
  CHECK(count == 2);
  CHECK(ratio_of(column, "fem", "factor", "klu", &count) == Approx(0.1));
  CHECK(count == 1);

  const lupine_bench::SpeedSummary* fem = lupine_bench::find_speed(defaults, "fem", "lupine");
  REQUIRE(fem != nullptr);
  CHECK(fem->matrices == 3);
  CHECK(fem->median_gflops == Approx(8.0));
  CHECK(fem->max_gflops == Approx(12.0));
  CHECK(fem->max_matrix == "m2");
  const lupine_bench::SpeedSummary* all = lupine_bench::find_speed(defaults, "all", "lupine");
  REQUIRE(all != nullptr);
  CHECK(all->matrices == 4);
  CHECK(all->median_gflops == Approx(7.0));  // of 1, 6, 8, 12
  const lupine_bench::SpeedSummary* klu = lupine_bench::find_speed(defaults, "fem", "klu");
  REQUIRE(klu != nullptr);
  CHECK(klu->matrices == 2);
  CHECK(klu->median_gflops == Approx(1.5));
  CHECK(klu->max_gflops == Approx(2.0));
  CHECK(klu->max_matrix == "m2");

  CHECK(lupine_bench::speed_line(defaults, "fem", summary.dgemm_gflops) ==
        "fem: Lupine factor 8 GFLOP/s median, 12 max (25% of DGEMM 48.0) on m2, 3 matrices");
  // 1/48 = 2.08%: two digits below 10%.
  CHECK(lupine_bench::speed_line(defaults, "circuit", summary.dgemm_gflops) ==
        "circuit: Lupine factor 1 GFLOP/s median, 1 max (2.1% of DGEMM 48.0) on c1, 1 matrix");
  CHECK(lupine_bench::speed_line(defaults, "all", summary.dgemm_gflops) ==
        "all: Lupine factor 7 GFLOP/s median, 12 max (25% of DGEMM 48.0) on m2, 4 matrices");
  // 20/48 = 41.7%.
  CHECK(lupine_bench::speed_line(column, "fem", summary.dgemm_gflops) ==
        "fem: lupine[path=column] factor 20 GFLOP/s median, 20 max (42% of DGEMM 48.0) on m1, "
        "1 matrix");
  CHECK(lupine_bench::speed_line(summary.by_threads[2], "fem", summary.dgemm_gflops) ==
        "fem: lupine[path=column,ordering=nd] factor GFLOP/s: no ok matrix with a flop count");
  // Without a DGEMM figure there is no percentage.
  CHECK(lupine_bench::speed_line(defaults, "fem", std::nan("")) ==
        "fem: Lupine factor 8 GFLOP/s median, 12 max on m2, 3 matrices");
  CHECK(lupine_bench::peer_speed_line(defaults, "fem") ==
        "fem: peers' factor GFLOP/s median / max: klu 1.5 / 2 (m2), umfpack 3 / 3 (m3)");
  CHECK(lupine_bench::peer_speed_line(defaults, "circuit") ==
        "circuit: peers' factor GFLOP/s median / max: klu -, umfpack -");

  std::ostringstream text;
  lupine_bench::write_summary_text(text, summary);
  const std::string out = text.str();
  CHECK(out.find("Summary, Lupine at 1 thread:") != std::string::npos);
  CHECK(out.find("Summary, lupine[path=column] at 1 thread:") != std::string::npos);
  CHECK(out.find("Summary, lupine[path=column,ordering=nd] at 1 thread:") != std::string::npos);
  CHECK(out.find("\nfem: Lupine factor 8 GFLOP/s median, 12 max (25% of DGEMM 48.0) on m2") !=
        std::string::npos);
  CHECK(out.find("\nfem: peers' factor GFLOP/s median / max: klu 1.5 / 2 (m2)") !=
        std::string::npos);
  CHECK(out.find("m4 (fem), lupine at 1 thread: numerically_singular") != std::string::npos);
  CHECK(out.find("m1 (fem), lupine[path=column,ordering=nd] at 1 thread: numerically_singular") !=
        std::string::npos);

  std::ostringstream json;
  lupine_bench::write_summary_json(json, summary, 0);
  CHECK(json.str().find("\"dgemm_gflops\": 48") != std::string::npos);
  CHECK(json.str().find("\"label\": \"lupine[path=column]\"") != std::string::npos);
  CHECK(json.str().find("\"max_gflops\": 12, \"max_matrix\": \"m2\", "
                        "\"max_percent_of_dgemm\": 25}") != std::string::npos);
}

TEST_CASE(
    "the summary of --summarize reads the older and the current CSV format, also concatenated",
    "[bench]") {
  const bench_test::TemporaryFolder folder;
  const std::string current = folder.write("current.csv", std::string(new_header) + speed_rows);
  const bench_test::Outcome outcome =
      bench_test::run_bench("--summarize '" + current + "' --dgemm-gflops 48");
  INFO(outcome.err);
  REQUIRE(outcome.exit_code == 0);
  CHECK(outcome.out.find("Summary, lupine[path=column] at 1 thread:") != std::string::npos);
  CHECK(outcome.out.find(
            "fem: Lupine factor 8 GFLOP/s median, 12 max (25% of DGEMM 48.0) on m2, 3 matrices") !=
        std::string::npos);
  // Without --dgemm-gflops a CSV has no DGEMM figure.
  const bench_test::Outcome plain = bench_test::run_bench("--summarize '" + current + "'");
  CHECK(plain.exit_code == 0);
  CHECK(plain.out.find("fem: Lupine factor 8 GFLOP/s median, 12 max on m2") != std::string::npos);
  CHECK(plain.out.find("% of DGEMM") == std::string::npos);

  // A tiny file of the older format, then one of the current format.
  const std::string older =
      "matrix,group,n,nnz,solver,threads,status,analyze_s,factor_s,refactor_s,solve_s,lu_nnz,"
      "factor_flops,backward_error,peak_rss_bytes\n"
      "x,other,5,9,lupine,1,ok,1,2,1,1,20,4e9,1e-16,1000\n"
      "x,other,5,9,klu,1,ok,1,4,1,1,20,4e9,1e-16,1000\n";
  const std::vector<Row> both =
      lupine_bench::parse_csv(older + new_header + speed_rows, "both.csv");
  REQUIRE(both.size() == 14);
  CHECK(both[0].path == "auto");
  CHECK(both[2].path == "auto");
  const lupine_bench::Summary summary = lupine_bench::summarize(both);
  REQUIRE(summary.by_threads.size() == 3);
  // The older Lupine rows join the default variant: x, factor 2/4 against klu.
  CHECK(ratio_of(summary.by_threads[0], "other", "factor", "klu") == Approx(0.5));
  const bench_test::Outcome old_only =
      bench_test::run_bench("--summarize '" + folder.write("older.csv", older) + "'");
  CHECK(old_only.exit_code == 0);
  CHECK(old_only.out.find("Summary, Lupine at 1 thread:") != std::string::npos);
  CHECK(old_only.out.find("other: Lupine factor 2 GFLOP/s median, 2 max on x, 1 matrix") !=
        std::string::npos);
  CHECK(old_only.out.find("other: peers' factor GFLOP/s median / max: klu 1 / 1 (x)") !=
        std::string::npos);
  // A row with the wrong number of fields for its header is an error with its line.
  const std::string mixed = older + "y,other,5,9,klu,1,ok,1,4,1,1,20,4e9,1e-16,1000,,,,\n";
  try {
    lupine_bench::parse_csv(mixed, "mixed.csv");
    FAIL("no error");
  } catch (const lupine::Error& error) {
    CHECK(std::string(error.what()).find("mixed.csv line 4: 19 fields, expected 15") !=
          std::string::npos);
  }
}

TEST_CASE("CSV rows survive a write and read", "[bench]") {
  Row row;
  row.matrix = "name, with \"quotes\"";
  row.group = "g";
  row.n = 3;
  row.nnz = 7;
  row.solver = "klu";
  row.status = "ok";
  row.factor_s = 0.25;
  row.backward_error = std::numeric_limits<double>::infinity();
  row.lu_nnz = 9;
  Row lupine_row = row;
  lupine_row.solver = "lupine";
  lupine_row.path = "supernodal";
  lupine_row.ordering = "nd";
  lupine_row.delayed_pivots = 4;
  lupine_row.supernodal_blocks = 2;
  std::ostringstream variant;
  lupine_bench::write_csv(variant, {lupine_row});
  const std::vector<Row> variant_back = lupine_bench::parse_csv(variant.str(), "variant.csv");
  REQUIRE(variant_back.size() == 1);
  CHECK(variant_back[0].path == "supernodal");
  CHECK(variant_back[0].ordering == "nd");
  CHECK(variant_back[0].delayed_pivots == 4);
  CHECK(variant_back[0].supernodal_blocks == 2);
  std::ostringstream out;
  lupine_bench::write_csv(out, {row, row});
  // Two files concatenated, header lines included, read as one.
  const std::vector<Row> back = lupine_bench::parse_csv(out.str() + out.str(), "twice.csv");
  REQUIRE(back.size() == 4);
  CHECK(back[3].matrix == row.matrix);
  CHECK(back[3].factor_s == 0.25);
  CHECK(std::isnan(back[3].analyze_s));
  CHECK(std::isinf(back[3].backward_error));
  CHECK(back[3].lu_nnz == 9);
  CHECK(back[3].peak_rss_bytes == -1);
  CHECK(back[3].path.empty());
  CHECK(back[3].supernodal_blocks == -1);
  CHECK_THROWS_AS(lupine_bench::parse_csv("a,b\n", "x.csv"), lupine::Error);
}

TEST_CASE("child results survive the pipe format", "[bench]") {
  Row row;
  row.status = "inaccurate";
  row.message = "two\nlines";
  row.threads = 4;
  row.analyze_s = 1.0 / 3;
  row.lu_nnz = 12345678901LL;
  row.backward_error = std::numeric_limits<double>::quiet_NaN();
  row.delayed_pivots = 17;
  row.supernodal_blocks = 3;
  const Row back = lupine_bench::deserialize_row(lupine_bench::serialize_row(row));
  CHECK(back.delayed_pivots == 17);
  CHECK(back.supernodal_blocks == 3);
  CHECK(back.status == "inaccurate");
  CHECK(back.message == "two lines");
  CHECK(back.threads == 4);
  CHECK(back.analyze_s == row.analyze_s);
  CHECK(back.lu_nnz == row.lu_nnz);
  CHECK(std::isnan(back.backward_error));
  CHECK(std::isnan(back.factor_s));
  CHECK_THROWS(lupine_bench::deserialize_row("status\tok\n"));  // no end marker: truncated
}

TEST_CASE("median of timings", "[bench]") {
  CHECK(lupine_bench::median({3, 1, 2}) == 2);
  CHECK(lupine_bench::median({4, 1, 3, 2}) == 2.5);
  CHECK(std::isnan(lupine_bench::median({})));
}

TEST_CASE("componentwise backward error", "[bench]") {
  // A = [2 0; 1 1], b = A [1; 1] = [2; 2]
  lupine::TripletBuilder<double> builder(2, 2);
  builder.add(0, 0, 2.0);
  builder.add(1, 0, 1.0);
  builder.add(1, 1, 1.0);
  const lupine_bench::Matrix a = builder.build();
  const double b[2] = {2, 2};
  const double exact[2] = {1, 1};
  CHECK(lupine_bench::backward_error(a, a.values().data(), exact, b) == 0);
  // x = [1; 1.5]: r = [0, -0.5], |A||x| + |b| = [4, 4.5]
  const double off[2] = {1, 1.5};
  CHECK(lupine_bench::backward_error(a, a.values().data(), off, b) == Approx(0.5 / 4.5));
  const double nan[2] = {std::numeric_limits<double>::quiet_NaN(), 1};
  CHECK(std::isnan(lupine_bench::backward_error(a, a.values().data(), nan, b)));
  // 0/0 rows count as exact.
  const double zero_b[2] = {0, 0};
  const double zero_x[2] = {0, 0};
  CHECK(lupine_bench::backward_error(a, a.values().data(), zero_x, zero_b) == 0);
}

TEST_CASE("normwise backward error, and where it differs from the componentwise one", "[bench]") {
  lupine::TripletBuilder<double> builder(2, 2);
  builder.add(0, 0, 2.0);
  builder.add(1, 0, 1.0);
  builder.add(1, 1, 1.0);
  const lupine_bench::Matrix a = builder.build();
  const double b[2] = {2, 2};
  // x = [1; 1.5]: ||r|| = 0.5, ||A|| = 2, ||x|| = 1.5, ||b|| = 2
  const double off[2] = {1, 1.5};
  CHECK(lupine_bench::normwise_backward_error(a, a.values().data(), off, b) == Approx(0.1));
  const double inf[2] = {std::numeric_limits<double>::infinity(), 1};
  CHECK(std::isnan(lupine_bench::normwise_backward_error(a, a.values().data(), inf, b)));

  // I x = [1; 0] solved as [1; 1e-17]: exact to rounding, yet row 2 of |A||x| + |b| is
  // 1e-17, so the componentwise error is 1 while the normwise one is 5e-18.
  lupine::TripletBuilder<double> identity_builder(2, 2);
  identity_builder.add(0, 0, 1.0);
  identity_builder.add(1, 1, 1.0);
  const lupine_bench::Matrix identity = identity_builder.build();
  const double e1[2] = {1, 0};
  const double rounded[2] = {1, 1e-17};
  CHECK(lupine_bench::backward_error(identity, identity.values().data(), rounded, e1) ==
        Approx(1.0));
  CHECK(lupine_bench::normwise_backward_error(identity, identity.values().data(), rounded, e1) ==
        Approx(5e-18));
}

TEST_CASE("perturbed values are deterministic and small", "[bench]") {
  const std::vector<double> values{1, -2, 0, 4};
  const std::vector<double> first = lupine_bench::perturbed_values(values, 0);
  CHECK(first == lupine_bench::perturbed_values(values, 0));
  CHECK(first != lupine_bench::perturbed_values(values, 1));
  CHECK(first[2] == 0);
  for (std::size_t k = 0; k < values.size(); ++k) {
    CHECK(std::fabs(first[k] - values[k]) <= 1e-3 * std::fabs(values[k]));
  }
}

TEST_CASE("discovery: folders, right-hand sides, sequences and manifests", "[bench]") {
  const bench_test::TemporaryFolder folder;
  const std::string a = folder.write("g1/a.mtx", "");
  folder.write("g1/a_b.mtx", "");
  folder.write("g1/s_seq02.mtx.gz", "");
  folder.write("g1/s_seq10.mtx.gz", "");
  folder.write("g1/s_seq01.mtx.gz", "");
  folder.write("g1/notes.txt", "");
  folder.write("g2/x.rb", "");
  folder.write("g2/deep/y.mtx.gz", "");

  const std::vector<lupine_bench::MatrixInput> found =
      lupine_bench::discover_matrices({folder.path()});
  REQUIRE(found.size() == 4);
  CHECK(found[0].name == "a");
  CHECK(found[0].group == "g1");
  CHECK(lupine_bench::right_hand_side_path(found[0].files[0]) == folder.path() + "/g1/a_b.mtx");
  CHECK(found[1].name == "s");
  REQUIRE(found[1].files.size() == 3);
  CHECK(found[1].files[0] == folder.path() + "/g1/s_seq01.mtx.gz");
  CHECK(found[1].files[1] == folder.path() + "/g1/s_seq02.mtx.gz");
  CHECK(found[1].files[2] == folder.path() + "/g1/s_seq10.mtx.gz");
  CHECK(found[2].name == "y");
  CHECK(found[2].group == "deep");
  CHECK(found[3].name == "x");
  CHECK(found[3].group == "g2");
  CHECK(lupine_bench::right_hand_side_path(folder.path() + "/g2/x.rb").empty());

  const std::string manifest =
      folder.write("MANIFEST.tsv",
                   "group\tname\tfile\ncircuit\tx\tg2/x.rb\nfem\ta\tg1/a.mtx\n"
                   "circuit\tmissing\tg3/missing.mtx\n");
  // A file given twice is run once; a manifest entry missing on disk is still listed (it
  // becomes a file_error row).
  const std::vector<lupine_bench::MatrixInput> listed =
      lupine_bench::discover_matrices({manifest, a});
  REQUIRE(listed.size() == 3);
  CHECK(listed[0].name == "x");
  CHECK(listed[0].group == "circuit");
  CHECK(listed[1].group == "fem");
  CHECK(listed[2].name == "missing");

  CHECK_THROWS_AS(lupine_bench::discover_matrices({folder.path() + "/nothing"}),
                  lupine_bench::UsageError);
  // A right-hand side named beside its matrix (as a shell glob does) is passed over; one
  // without its matrix is an error.
  CHECK(lupine_bench::discover_matrices({folder.path() + "/g1/a_b.mtx", a}).size() == 1);
  CHECK(lupine_bench::matrix_of_right_hand_side(folder.path() + "/g1/a_b.mtx") == a);
  CHECK_THROWS_AS(lupine_bench::discover_matrices({folder.write("g1/lonely_b.mtx.gz", "")}),
                  lupine_bench::UsageError);
  CHECK_THROWS_AS(lupine_bench::discover_matrices({folder.write("bad.tsv", "group\tname\n")}),
                  lupine_bench::UsageError);
}
