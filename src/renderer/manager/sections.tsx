import type { ComponentType } from 'react';
import type { ManagerSectionKey } from '../stores/ui';
import { BackupsSection } from './backups/BackupsSection';
import { CategoriesSection, TaxClassesSection } from './CatalogLists';
import { ExportSection } from './export/ExportSection';
import { AuditLogSection } from './history/AuditLogSection';
import { PastSalesSection } from './history/PastSalesSection';
import { ZReportsSection } from './history/ZReportsSection';
import { ImportSection } from './import/ImportSection';
import { ProductsSection } from './ProductsSection';
import { ReportsSection } from './reports/ReportsSection';
import { SettingsSection } from './SettingsSection';
import { ShiftSection } from './ShiftSection';
import { StaffSection } from './StaffSection';
import { StockSection } from './stock/StockSection';
import { SyncSection } from './sync/SyncSection';

/** One section of the Manager area: its key (the ui store's and the menu's), its label in the navigation, its screen. */
export interface ManagerSection {
  key: ManagerSectionKey;
  label: string;
  hint: string;
  Component: ComponentType;
}

/**
 * The Manager area's sections, in navigation order. A new screen is one entry here (and its key
 * in ManagerSectionKey; in MENU_SECTIONS too if the application menu opens it).
 */
export const MANAGER_SECTIONS: readonly ManagerSection[] = [
  { key: 'shift', label: 'Shift', hint: 'Reports, drawer, closing', Component: ShiftSection },
  { key: 'reports', label: 'Reports', hint: 'Sales by day, tender, cashier, product', Component: ReportsSection },
  { key: 'pastSales', label: 'Past sales', hint: 'Find a receipt, print a copy', Component: PastSalesSection },
  { key: 'zReports', label: 'Z reports', hint: 'Closed shifts, as printed', Component: ZReportsSection },
  { key: 'products', label: 'Products', hint: 'Prices, barcodes, on or off sale', Component: ProductsSection },
  { key: 'categories', label: 'Categories', hint: 'Groups of products', Component: CategoriesSection },
  { key: 'taxClasses', label: 'Tax classes', hint: 'Rates products are taxed at', Component: TaxClassesSection },
  { key: 'stock', label: 'Stock', hint: 'Low stock, receive, adjust, count', Component: StockSection },
  { key: 'staff', label: 'Staff', hint: 'Roles, PINs, unlocking', Component: StaffSection },
  { key: 'settings', label: 'Settings', hint: 'Store, tax, till, receipt, printer…', Component: SettingsSection },
  { key: 'audit', label: 'Audit log', hint: 'Who did what, and when', Component: AuditLogSection },
  { key: 'backups', label: 'Backups', hint: 'Back up, verify, restore', Component: BackupsSection },
  { key: 'sync', label: 'Sync', hint: 'Central database, conflicts', Component: SyncSection },
  { key: 'export', label: 'Export', hint: 'CSV files of sales, stock, members…', Component: ExportSection },
  { key: 'import', label: 'Import', hint: 'Products and prices from a CSV file', Component: ImportSection },
];

export function sectionOf(key: ManagerSectionKey): ManagerSection {
  return MANAGER_SECTIONS.find((s) => s.key === key) ?? (MANAGER_SECTIONS[0] as ManagerSection);
}
