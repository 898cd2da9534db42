/* The checks of the C API tests (test_capi.c, test_capi_complex.c): counted checks, and
 * calls that must return a given status and, when it is an error, leave it behind as the
 * thread's last error with a message. Each test program includes it once. */
#ifndef LUPINE_TESTS_CAPI_CHECK_H
#define LUPINE_TESTS_CAPI_CHECK_H

#include <stdio.h>
#include <string.h>

#include "lupine/lupine.h"

static int failures = 0;
static int checks = 0;

#define CHECK(condition)                                                            \
  do {                                                                              \
    ++checks;                                                                       \
    if (!(condition)) {                                                             \
      ++failures;                                                                   \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
    }                                                                               \
  } while (0)

/* A call that must return `expected`; an error must also leave a message behind. */
#define EXPECT_STATUS(call, expected)                                                              \
  do {                                                                                             \
    const lupine_status status_ = (call);                                                          \
    ++checks;                                                                                      \
    if (status_ != (expected)) {                                                                   \
      ++failures;                                                                                  \
      fprintf(stderr, "%s:%d: %s returned %s, expected %s (last error: %s)\n", __FILE__, __LINE__, \
              #call, lupine_status_string(status_), #expected, lupine_last_error_message());       \
    } else if (status_ != LUPINE_OK) {                                                             \
      lupine_error_info info_;                                                                     \
      CHECK(lupine_last_error(&info_) == LUPINE_OK);                                               \
      CHECK(info_.status == status_);                                                              \
      CHECK(strlen(info_.message) > 0);                                                            \
    }                                                                                              \
  } while (0)

#define EXPECT_OK(call) EXPECT_STATUS(call, LUPINE_OK)

#endif /* LUPINE_TESTS_CAPI_CHECK_H */
