// tally's public API: each module that is part of it adds its export below.
export const VERSION = "0.1.0";
