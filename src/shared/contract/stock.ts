// channels of this feature: see the manager-menu issue
export const stockChannels = {};
