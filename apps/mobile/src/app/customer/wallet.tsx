export { WalletScreen as default } from '../../components/wallet-panel';
