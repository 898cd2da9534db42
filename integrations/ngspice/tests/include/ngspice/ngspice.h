/* Test stand-in for ngspice's ngspice/ngspice.h: only what lupinesmp.c uses from it. */
#ifndef LUPINE_TEST_NGSPICE_H
#define LUPINE_TEST_NGSPICE_H
#define NG_IGNORE(x) (void)(x)
#define OK 0
#define E_NOMEM 8
#endif
