/**
 * Regions as the Huawei Cloud console names them ("CN North-Beijing4", 华北-北京四), so a region
 * picker does not ask people to know `cn-north-4` by heart. (No `vscode`: `t` is passed in.)
 */
import { knownRegions } from '../../core/api/regions';
import type { Translate } from '../../core/util/translate';

/** The console's name of a region, or undefined for one the toolkit does not know. */
export function regionName(region: string, t: Translate): string | undefined {
  switch (region) {
    case 'cn-north-1':
      return t('CN North-Beijing1');
    case 'cn-north-2':
      return t('CN North-Beijing2');
    case 'cn-north-4':
      return t('CN North-Beijing4');
    case 'cn-north-9':
      return t('CN North-Ulanqab1');
    case 'cn-north-11':
      return t('CN North-Ulanqab-Auto1');
    case 'cn-north-12':
      return t('CN North3');
    case 'cn-east-3':
      return t('CN East-Shanghai1');
    case 'cn-east-4':
      return t('CN East2');
    case 'cn-south-1':
      return t('CN South-Guangzhou');
    case 'cn-southwest-2':
      return t('CN Southwest-Guiyang1');
    case 'cn-southwest-3':
      return t('CN Southwest-Guiyang-Auto2');
    case 'ap-southeast-1':
      return t('CN-Hong Kong');
    case 'ap-southeast-2':
      return t('AP-Bangkok');
    case 'ap-southeast-3':
      return t('AP-Singapore');
    case 'ap-southeast-4':
      return t('AP-Jakarta');
    case 'af-south-1':
      return t('AF-Johannesburg');
    case 'af-north-1':
      return t('AF-Cairo');
    case 'la-south-2':
      return t('LA-Santiago');
    case 'la-north-2':
      return t('LA-Mexico City2');
    case 'sa-brazil-1':
      return t('LA-Sao Paulo1');
    case 'tr-west-1':
      return t('TR-Istanbul');
    case 'me-east-1':
      return t('ME-Riyadh');
    default:
      return undefined;
  }
}

/** A region picker's row: the name to read, the code to type (quick picks match on both). */
export interface RegionItem {
  readonly label: string;
  readonly description: string;
  readonly region: string;
  readonly picked?: boolean;
}

/** Every known region, its name first and its code beside it; `current` says which one is in use. */
export function regionItems(t: Translate, current?: string): RegionItem[] {
  return knownRegions.map((region) => ({
    label: regionName(region, t) ?? region,
    description: region === current ? `${region} · ${t('current')}` : region,
    region,
    ...(region === current ? { picked: true } : {}),
  }));
}
