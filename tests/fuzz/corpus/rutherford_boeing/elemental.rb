elemental                                                               SEEDKEY1
             3             1             1             1
RUE                        2             2             3             0
(3I2)           (3I2)           (3E10.3)
 1 3 4
 1 2 2
