//! The analysis layer: the rules (`okr check`), one file each, and what
//! they read titles with: the near-duplicate title index (`similarity`)
//! and the task-shaped title heuristics (`task_shape`). Pure; reads `core`
//! and `history`.

pub mod rules;
pub mod similarity;
pub mod task_shape;
