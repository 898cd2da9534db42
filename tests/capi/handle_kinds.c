/* Compiled, never run (tests/CMakeLists.txt): the complex entry points take a lupine_znumeric
 * and the real ones a lupine_numeric, so a handle of the other kind does not compile. With
 * LUPINE_TEST_right_HANDLES every call gets its own kind; with LUPINE_TEST_wrong_HANDLES a
 * real handle goes to lupine_zsolve_workspace_size. */
#include <stddef.h>

#include "lupine/lupine.h"

size_t workspace_doubles(const lupine_numeric* real, const lupine_znumeric* complex_numeric);

size_t workspace_doubles(const lupine_numeric* real, const lupine_znumeric* complex_numeric) {
  size_t real_size = 0, complex_size = 0;
  lupine_solve_workspace_size(real, 1, &real_size);
#ifdef LUPINE_TEST_wrong_HANDLES
  lupine_zsolve_workspace_size(real, 1, &complex_size);
#else
  lupine_zsolve_workspace_size(complex_numeric, 1, &complex_size);
#endif
  return real_size + complex_size;
}
