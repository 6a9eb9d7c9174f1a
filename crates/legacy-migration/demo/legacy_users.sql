-- The demo legacy user table of the user-migration function: the default schema, with one user
-- per supported password hash scheme, hashed at each scheme's default cost.
--
-- Portable SQL: the same file runs on SQLite, PostgreSQL and MariaDB/MySQL, e.g.
--   sqlite3 demo.sqlite < legacy_users.sql
--   psql -d test -f legacy_users.sql
--   mariadb test < legacy_users.sql
-- The passwords are listed in ../README.md ("Demo users").

CREATE TABLE legacy_users (
    username              VARCHAR(128) NOT NULL PRIMARY KEY,
    email                 VARCHAR(255),
    email_verified        BOOLEAN NOT NULL DEFAULT FALSE,
    phone_number          VARCHAR(32),
    phone_number_verified BOOLEAN NOT NULL DEFAULT FALSE,
    password_hash         VARCHAR(255),
    given_name            VARCHAR(128),
    family_name           VARCHAR(128),
    locale                VARCHAR(16)
);

INSERT INTO legacy_users
    (username, email, email_verified, phone_number, phone_number_verified, password_hash, given_name, family_name, locale)
VALUES
    ('legacy.user', 'legacy.user@example.com', TRUE, NULL, FALSE, '$2b$12$bgh6DZ3EHXmrJQhWhFVwfeTkTxnt9JCiXkT8ejJN0Z8yghWru7YYO', 'Lena', 'Legacy', 'de'),
    ('bcrypt.user', 'bcrypt.user@example.com', TRUE, NULL, FALSE, '$2y$12$HbUj.1Dk2noK99oEjUsrROc6FKzOD7Hlz3nsUHwfs/Cxh078x2yiS', 'Bruno', 'Bcrypt', 'en'),
    ('bcrypt2a.user', 'bcrypt2a.user@example.com', TRUE, NULL, FALSE, '$2a$12$zMTwX1FIFc7oJUW6mMYmjes.dvheeqE/hcoiY4eyjNxn2KeTX0DpC', 'Berta', 'Bcrypt', 'en'),
    ('argon2id.user', 'argon2id.user@example.com', TRUE, NULL, FALSE, '$argon2id$v=19$m=19456,t=2,p=1$RkkadzjMqGPqCF1h71a5uQ$4XiktJEnTX5G/z9MIGk8V+E8ev2yYf8DZhjlbvEHzVU', 'Ada', 'Argon', 'en'),
    ('argon2i.user', 'argon2i.user@example.com', TRUE, NULL, FALSE, '$argon2i$v=19$m=19456,t=2,p=1$glAELnKb98q2GzuubtHDZA$DZg7Mt+/yaZZiEaIJMHa4jd2Owgjf9GWBjfig3/6fi4', 'Ida', 'Argon', 'en'),
    ('django.user', 'django.user@example.com', TRUE, NULL, FALSE, 'pbkdf2_sha256$1000000$Zq8wDnYk3vXbT1sR9mLp4c$PtZs7EyPEW2XqQ9Y5eKhl5GMXKuNINF23uNkqPCNFjE=', 'Django', 'Reinhardt', 'fr'),
    ('scrypt.user', 'scrypt.user@example.com', TRUE, NULL, FALSE, '$scrypt$ln=17,r=8,p=1$O04XPr1X4t6IEnUFvOeTNg$5XyAR9iVfr430mlj0b1Fyzze8XdTr2M3w0FwEdSH/hk', 'Sky', 'Scrypt', 'en'),
    ('sha512crypt.user', 'sha512crypt.user@example.com', TRUE, NULL, FALSE, '$6$Lq3vT8mZr2Xk9WbN$so1YJzkAZ68PzcCdIJiFrJaNz7nHwjrSInEv9d5uqWtM1A5p.C0fly/ynOTxaxNRPszY4gSYaQA4GVGc3oyNY1', 'Sasha', 'Crypt', 'en'),
    ('no.channel.user', 'no.channel.user@example.com', FALSE, '+4915100000000', FALSE, '$2b$12$5Vp.O6yrl/4Vx8YLQ7ujkOdwrmowy6UEa.DmeIxk2JwGReM73dQsy', 'Nora', 'Nochannel', 'en'),
    ('phone.user', NULL, FALSE, '+4915123456789', TRUE, '$2b$12$TTXTidtWhAzaIP5SGf7yM.U2kpHljXyGbZS9GD/jMT4AKhSf.jox2', 'Phil', 'Phone', 'de'),
    ('weak.user', 'weak.user@example.com', TRUE, NULL, FALSE, '$2b$12$wjgXWK6ecpvX08MEke7EBeaz2v7Wtyp7MiSBhEyjFLTr8Bd2qdT3C', 'Walter', 'Weak', 'en');
