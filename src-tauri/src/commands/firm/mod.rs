//! The firm's data as the window's tables and forms edit it: clients, deadlines, document
//! requests, tasks, events and staff (a page, one record, create, update, what a delete takes
//! along, delete; the one-click done and back), a client's page and its fiscal calendar. Each
//! command calls one `Vigie` method in the user's cabinet; a form's wrong fields come back as
//! `invalid_fields` with each field named, an id of another cabinet as `not_found`.

pub mod calendar;
pub mod client_page;
pub mod clients;
pub mod deadlines;
pub mod documents;
pub mod events;
pub mod staff;
pub mod tasks;
