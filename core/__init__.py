"""The ground floor: helpers every app uses (locking, admin safety, text, seeding). Imports no app."""
