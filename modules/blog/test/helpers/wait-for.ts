export { waitFor } from '@rustok/kernel/test/helpers/wait-for';
