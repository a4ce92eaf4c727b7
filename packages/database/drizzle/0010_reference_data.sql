-- Reference data the product cannot run without, so a database that is only migrated is usable (demo
-- accounts stay in the seed). Rows equal packages/database/src/reference-data.ts and the contracts'
-- GOVERNORATES; reference-data.int.test.ts compares them. ON CONFLICT DO NOTHING: databases seeded before
-- this migration already hold these rows, and admins may have changed commission rates since.
INSERT INTO "ledger_accounts" ("kind") VALUES
  ('PLATFORM_REVENUE'),
  ('SUBSCRIPTION_REVENUE'),
  ('CASH_CLEARING'),
  ('FLOUCI_CLEARING')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "governorates" ("code", "name", "center_lat", "center_lng") VALUES
  ('TN-11', 'Tunis', 36.8065, 10.1815),
  ('TN-12', 'Ariana', 36.8625, 10.1956),
  ('TN-13', 'Ben Arous', 36.7531, 10.2189),
  ('TN-14', 'Manouba', 36.8101, 10.0956),
  ('TN-21', 'Nabeul', 36.4561, 10.7376),
  ('TN-22', 'Zaghouan', 36.4029, 10.1429),
  ('TN-23', 'Bizerte', 37.2744, 9.8739),
  ('TN-31', 'Béja', 36.7256, 9.1817),
  ('TN-32', 'Jendouba', 36.5011, 8.7802),
  ('TN-33', 'Le Kef', 36.1742, 8.7049),
  ('TN-34', 'Siliana', 36.0849, 9.3708),
  ('TN-41', 'Kairouan', 35.6781, 10.0963),
  ('TN-42', 'Kasserine', 35.1676, 8.8365),
  ('TN-43', 'Sidi Bouzid', 35.0382, 9.4849),
  ('TN-51', 'Sousse', 35.8256, 10.6369),
  ('TN-52', 'Monastir', 35.7643, 10.8113),
  ('TN-53', 'Mahdia', 35.5047, 11.0622),
  ('TN-61', 'Sfax', 34.7406, 10.7603),
  ('TN-71', 'Gafsa', 34.425, 8.7842),
  ('TN-72', 'Tozeur', 33.9197, 8.1335),
  ('TN-73', 'Kebili', 33.7044, 8.969),
  ('TN-81', 'Gabès', 33.8815, 10.0982),
  ('TN-82', 'Medenine', 33.3549, 10.5055),
  ('TN-83', 'Tataouine', 32.9297, 10.4518)
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "governorate_commissions" ("governorate_code", "rate_bps") VALUES
  ('TN-11', 1500),
  ('TN-12', 1500),
  ('TN-13', 1500),
  ('TN-14', 1500),
  ('TN-21', 1500),
  ('TN-22', 1500),
  ('TN-23', 1500),
  ('TN-31', 1500),
  ('TN-32', 1500),
  ('TN-33', 1500),
  ('TN-34', 1500),
  ('TN-41', 1500),
  ('TN-42', 1500),
  ('TN-43', 1500),
  ('TN-51', 1500),
  ('TN-52', 1500),
  ('TN-53', 1500),
  ('TN-61', 1500),
  ('TN-71', 1500),
  ('TN-72', 1500),
  ('TN-73', 1500),
  ('TN-81', 1500),
  ('TN-82', 1500),
  ('TN-83', 1500)
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "subscription_plans" ("code", "name", "monthly_price", "commission_rate_bps", "benefits", "has_priority_dispatch", "sort_order") VALUES
  ('STARTER', 'Starter', 49000, 1000, '["Reduced 10% commission","Monthly statement"]'::jsonb, false, 1),
  ('BUSINESS', 'Business', 149000, 800, '["8% commission","Priority dispatch to top-rated drivers","Monthly invoice"]'::jsonb, true, 2),
  ('ENTERPRISE', 'Enterprise', 449000, 600, '["6% commission","Priority dispatch to top-rated drivers","Monthly invoice","Account manager"]'::jsonb, true, 3)
ON CONFLICT DO NOTHING;
