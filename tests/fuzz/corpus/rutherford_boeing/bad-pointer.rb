errors                                                                  SEEDKEY1
             4             2             1             1
RUA                        2             3             2             0
(2I2)           (2I2)           (2E10.3)
 1 2
 1 3
 1 2
       1.0       2.0
