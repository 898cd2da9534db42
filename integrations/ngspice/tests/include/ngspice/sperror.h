/* Test stand-in for ngspice's ngspice/sperror.h: the codes lupinesmp.c returns (the values
 * are ngspice 39's: E_PRIVATE is 100). */
#ifndef LUPINE_TEST_SPERROR_H
#define LUPINE_TEST_SPERROR_H
#define E_BADMATRIX 101
#define E_SINGULAR 102
#endif
