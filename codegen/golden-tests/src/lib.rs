//! Behaviour tests of the golden crates, one file per fixture under `tests/`: what the generator
//! wrote for a fixture, called over real HTTP on 127.0.0.1, with the right values asserted. The
//! golden crates themselves are generated and hold no hand-written code.
