pattern                                                                 SEEDKEY1
             2             1             1             0
PUA                        2             3             3             0
(4I2)           (3I2)           
 1 2 3 4
 2 1 2
